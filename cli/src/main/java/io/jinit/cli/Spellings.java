package io.jinit.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Reads an enum option by the spelling its constants give in {@code toString()}, exactly and
 * nothing else, so that an unknown value is answered in the words of the help
 * ({@code --rng must be philox or numpy-legacy: mt}) instead of with the constants' Java names.
 *
 * @param <E> the enum
 */
abstract class Spellings<E extends Enum<E>> implements ITypeConverter<E> {
    private final String option;
    private final E[] constants;

    /**
     * The converter of one option.
     *
     * @param option the option, as the user types it
     * @param type the enum
     */
    Spellings(String option, Class<E> type) {
        this.option = option;
        this.constants = type.getEnumConstants();
    }

    @Override
    public E convert(String value) {
        for (E constant : constants) {
            if (constant.toString().equals(value)) {
                return constant;
            }
        }
        List<String> spellings = new ArrayList<>();
        for (E constant : constants) {
            spellings.add(constant.toString());
        }
        String last = spellings.remove(spellings.size() - 1);
        throw new TypeConversionException(option + " must be " + String.join(", ", spellings) + " or " + last + ": "
                + (value.isEmpty() ? "\"\"" : value));
    }
}
