package io.jinit.models.keras;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The weight shapes Keras's {@code EinsumDense} builds for an equation, a partial output shape,
 * its bias axes and an input shape, and which kernel axes are its input and output units (the
 * fans its variance-scaling kernel initializer then reads).
 *
 * <p>Implementation note: a port of {@code _analyze_einsum_string} and
 * {@code _analyze_split_string} of Keras 3.15.1 ({@code keras/src/layers/core/einsum_dense.py}
 * lines 1614-1812; read 2026-12): {@code ...} stands for the elided dimensions, on the left
 * ({@code ...ab,bc->...ac}) or on the right ({@code ab...,bc->ac...}); the equation is matched
 * from its start ({@code re.match}); a kernel axis named in the output takes the output's size,
 * otherwise the input's; the bias spans the output from its first bias axis, 1 where an axis is
 * not a bias axis, with a trailing 1 per right-elided dimension.
 *
 * @param kernel the kernel's shape
 * @param bias the bias's shape, null without bias axes
 * @param inputAxes the kernel axes of input units
 * @param outputAxes the kernel axes of output units
 * @param output the layer's output shape, with the batch dimension
 */
record EinsumShapes(List<Long> kernel, List<Long> bias, List<Integer> inputAxes, List<Integer> outputAxes,
        List<Long> output) {
    private static final Pattern PLAIN = Pattern.compile("([a-zA-Z]+),([a-zA-Z]+)->([a-zA-Z]+)");
    private static final Pattern LEFT = Pattern.compile("0([a-zA-Z]+),([a-zA-Z]+)->0([a-zA-Z]+)");
    private static final Pattern RIGHT = Pattern.compile("([a-zA-Z]{2,})0,([a-zA-Z]+)->([a-zA-Z]+)0");

    /**
     * Analyzes an equation as {@code EinsumDense.build} does.
     *
     * @param layer the layer, for messages
     * @param equation the equation, e.g. {@code "abc,cd->abd"}
     * @param biasAxes the output axes with a bias, or null
     * @param input the input shape, unknown dimensions null
     * @param partialOutput the output shape without the batch dimension, unknown dimensions null
     * @return the shapes
     */
    static EinsumShapes analyze(KerasLayer layer, String equation, String biasAxes, List<Long> input,
            List<Long> partialOutput) {
        String replaced = equation.replace("...", "0");
        Matcher m = PLAIN.matcher(replaced);
        if (m.lookingAt()) {
            return split(layer, m, biasAxes, input, partialOutput, false);
        }
        m = LEFT.matcher(replaced);
        if (m.lookingAt()) {
            return split(layer, m, biasAxes, input, partialOutput, true);
        }
        m = RIGHT.matcher(replaced);
        if (m.lookingAt()) {
            return split(layer, m, biasAxes, input, partialOutput, false);
        }
        throw layer.error("equation must be of the form [X],[Y]->[Z], ...[X],[Y]->...[Z] or [X]...,[Y]->[Z]...: "
                + equation);
    }

    private static EinsumShapes split(KerasLayer layer, Matcher m, String biasAxes, List<Long> input,
            List<Long> partialOutput, boolean leftElided) {
        String inputSpec = m.group(1);
        String weightSpec = m.group(2);
        String outputSpec = m.group(3);
        int elided = input.size() - inputSpec.length();
        List<Long> output = new ArrayList<>(partialOutput);
        output.add(0, input.get(0));
        if (elided > 0 && leftElided) {
            for (int i = 1; i < elided; i++) {
                output.add(1, input.get(i));
            }
        } else if (elided > 0) {
            for (int i = input.size() - elided; i < input.size(); i++) {
                output.add(input.get(i));
            }
        }
        Map<Character, Integer> inputIndex = new HashMap<>();
        Map<Character, Integer> outputIndex = new HashMap<>();
        for (int i = 0; i < inputSpec.length(); i++) {
            // Left-elided: Python's negative index into the input, made positive here.
            inputIndex.put(inputSpec.charAt(i), leftElided ? i + elided : i);
        }
        for (int i = 0; i < outputSpec.length(); i++) {
            outputIndex.put(outputSpec.charAt(i), leftElided ? i + elided : i);
        }
        for (char c : inputSpec.toCharArray()) {
            Long in = at(layer, input, inputIndex.get(c), "input shape");
            Integer o = outputIndex.get(c);
            if (o != null) {
                Long out = at(layer, output, o, "output shape");
                if (out != null && !out.equals(in)) {
                    throw layer.error("input shape and output shape differ at shared dimension '" + c + "': " + in
                            + " and " + out);
                }
            }
        }
        for (char c : outputSpec.toCharArray()) {
            if (inputSpec.indexOf(c) < 0 && weightSpec.indexOf(c) < 0) {
                throw layer.error("output dimension '" + c + "' is in neither the input nor the weight spec: "
                        + outputSpec);
            }
        }
        List<Long> kernel = new ArrayList<>();
        List<Integer> inputAxes = new ArrayList<>();
        List<Integer> outputAxes = new ArrayList<>();
        for (int i = 0; i < weightSpec.length(); i++) {
            char c = weightSpec.charAt(i);
            if (outputIndex.containsKey(c)) {
                kernel.add(at(layer, output, outputIndex.get(c), "output shape"));
                outputAxes.add(i);
            } else if (inputIndex.containsKey(c)) {
                kernel.add(at(layer, input, inputIndex.get(c), "input shape"));
                inputAxes.add(i);
            } else {
                throw layer.error("weight dimension '" + c + "' is in neither the input nor the output spec: "
                        + weightSpec);
            }
        }
        List<Long> bias = null;
        if (biasAxes != null) {
            int leftOffset = leftElided ? elided : 0;
            int first = Integer.MAX_VALUE;
            for (char c : biasAxes.toCharArray()) {
                int at = outputSpec.indexOf(c);
                if (at < 0) {
                    throw layer.error("bias dimension '" + c + "' is not in the output spec " + outputSpec + ": "
                            + biasAxes);
                }
                first = Math.min(first, at);
            }
            bias = new ArrayList<>();
            for (int i = first; i < outputSpec.length(); i++) {
                char c = outputSpec.charAt(i);
                bias.add(biasAxes.indexOf(c) >= 0 ? at(layer, output, i + leftOffset, "output shape")
                        : Long.valueOf(1));
            }
            if (!leftElided) {
                for (int i = 0; i < elided; i++) {
                    bias.add(1L);
                }
            }
        }
        return new EinsumShapes(kernel, bias, inputAxes, outputAxes, output);
    }

    private static Long at(KerasLayer layer, List<Long> shape, int index, String what) {
        if (index < 0 || index >= shape.size()) {
            throw layer.error("the equation's " + what + " has no dimension " + index + ": " + shape);
        }
        return shape.get(index);
    }
}
