package io.jinit.djl;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Activation;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;

/** The engine the tests run on (PyTorch, found by DJL in the test class path) and the models they build. */
final class Engines {

    private Engines() {
    }

    /**
     * A manager of the default engine, whose own random generator is seeded, so that DJL's own
     * initializers give the same values on every run.
     */
    static NDManager newManager() {
        Engine engine = Engine.getInstance();
        engine.setRandomSeed(7);
        return engine.newBaseManager();
    }

    /** An MLP on 64 inputs: two hidden layers of one shape, (64, 64), then 10 outputs. */
    static SequentialBlock mlp() {
        return new SequentialBlock()
                .add(Linear.builder().setUnits(64).build())
                .add(Activation.reluBlock())
                .add(Linear.builder().setUnits(64).build())
                .add(Activation.reluBlock())
                .add(Linear.builder().setUnits(10).build());
    }

    /** A CNN on (batch, 3, 12, 12): two 3x3 convolutions of one shape after the first, a batch norm and a linear head. */
    static SequentialBlock cnn() {
        return new SequentialBlock()
                .add(Conv2d.builder().setKernelShape(new ai.djl.ndarray.types.Shape(3, 3)).setFilters(8).build())
                .add(BatchNorm.builder().build())
                .add(Activation.reluBlock())
                .add(new SequentialBlock()
                        .add(Conv2d.builder().setKernelShape(new ai.djl.ndarray.types.Shape(3, 3)).setFilters(8).build())
                        .add(Activation.reluBlock())
                        .add(Conv2d.builder().setKernelShape(new ai.djl.ndarray.types.Shape(3, 3)).setFilters(8).build()))
                .add(Blocks.batchFlattenBlock())
                .add(Linear.builder().setUnits(10).build());
    }
}
