/**
 * Hugging Face transformers models: {@link io.jinit.models.hf.HfConfig} reads a
 * {@code config.json} of an {@link io.jinit.models.hf.HfFamily}, whose own keys a
 * {@link io.jinit.models.hf.FamilyConfig} holds ({@link io.jinit.models.hf.LlamaConfig},
 * {@link io.jinit.models.hf.Gpt2Config}, {@link io.jinit.models.hf.BertConfig});
 * {@link io.jinit.models.hf.LlamaRecipe}, {@link io.jinit.models.hf.Gpt2Recipe} and
 * {@link io.jinit.models.hf.BertRecipe} give the parameters transformers 5.18 creates for it (an
 * embedding with a padding row takes {@link io.jinit.models.hf.PaddingRowNormal}), and
 * {@link io.jinit.models.hf.HfCheckpoint} writes the directory {@code from_pretrained} loads.
 *
 * @since 0.1
 */
package io.jinit.models.hf;
