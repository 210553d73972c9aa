/**
 * Hugging Face transformers models: {@link io.jinit.models.hf.HfConfig} reads a
 * {@code config.json}, {@link io.jinit.models.hf.LlamaRecipe} gives the parameters transformers
 * 5.18 creates for it, and {@link io.jinit.models.hf.PaddingRowNormal} is its padded embedding, and
 * {@link io.jinit.models.hf.HfCheckpoint} writes the directory
 * {@code from_pretrained} loads.
 *
 * @since 0.1
 */
package io.jinit.models.hf;
