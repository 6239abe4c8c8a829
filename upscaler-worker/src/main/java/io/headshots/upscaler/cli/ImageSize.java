package io.headshots.upscaler.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A {@code WIDTHxHEIGHT} box from the command line, e.g. {@code 4096x4096}. */
record ImageSize(int width, int height) {

    private static final Pattern FORM = Pattern.compile("(\\d{1,5})[xX](\\d{1,5})");

    /** Parses {@code WxH} for picocli. */
    static final class Converter implements ITypeConverter<ImageSize> {
        @Override
        public ImageSize convert(String value) {
            Matcher m = FORM.matcher(value.trim());
            if (!m.matches() || Integer.parseInt(m.group(1)) == 0 || Integer.parseInt(m.group(2)) == 0) {
                throw new TypeConversionException("'" + value + "' is not a size like 4096x4096");
            }
            return new ImageSize(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
        }
    }
}
