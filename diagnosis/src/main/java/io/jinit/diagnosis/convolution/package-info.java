/**
 * A convolutional network engine for the diagnosis: ResNets of basic blocks (torchvision's
 * {@code resnet18} and narrower, smaller or plain variants) with their forward and backward passes
 * in float32, batch normalization in training mode, parameters named as torchvision names them and
 * filled by jinit's initializers, and the figures of each layer, block and parameter: activation
 * scale, the branch-to-skip ratio of each residual block, the fraction of ReLU outputs switched off
 * and gradient norms. Figures and gradients are the same on any thread count.
 *
 * @since 0.1
 */
package io.jinit.diagnosis.convolution;
