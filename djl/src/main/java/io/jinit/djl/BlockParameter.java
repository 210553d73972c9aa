package io.jinit.djl;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;

/**
 * One parameter of a block, with the name DJL gives it in the whole block's
 * {@link Block#getParameters()}: the path of child-block names and the parameter's own name,
 * joined by underscores ({@code "02SequentialBlock_01Linear_weight"}).
 *
 * @param name the path name, from which the parameter's key is derived
 * @param block the block that declares the parameter (a {@code Linear}, a {@code Conv2d}, ...)
 * @param parameter the parameter; its shape is known once DJL has prepared the block for its
 *     input shapes, when the parameter is initialized
 * @since 0.1
 */
public record BlockParameter(String name, Block block, Parameter parameter) {

    /**
     * The shape of a sibling parameter of the same block, such as the weight beside a bias.
     *
     * @param siblingName the sibling's own name in the block ({@code "weight"})
     * @return its shape
     * @throws IllegalArgumentException if the block has no such parameter or its shape is not set
     */
    public ai.djl.ndarray.types.Shape siblingShape(String siblingName) {
        Parameter sibling = block.getDirectParameters().get(siblingName);
        if (sibling == null || sibling.getShape() == null) {
            throw new IllegalArgumentException("siblingName must name a parameter of "
                    + block.getClass().getSimpleName() + " whose shape is set: " + siblingName);
        }
        return sibling.getShape();
    }
}
