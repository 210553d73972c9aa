/**
 * A decoder-only transformer stack under an initialization, pushed forward and backward on a batch
 * of token ids: the residual stream's growth with depth, the branches' share of it, the attention
 * logits and entropies, and the gradients of the stream and of every parameter, per block.
 * {@link io.jinit.diagnosis.transformer.Transformer} runs the pass;
 * {@link io.jinit.diagnosis.transformer.TransformerShape} describes the stack and
 * {@link io.jinit.diagnosis.transformer.ParameterFiller} fills it.
 */
package io.jinit.diagnosis.transformer;
