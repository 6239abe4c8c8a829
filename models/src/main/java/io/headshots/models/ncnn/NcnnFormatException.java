package io.headshots.models.ncnn;

/** An ncnn .param or .bin file that does not follow the format, or uses a feature we do not convert. */
public class NcnnFormatException extends RuntimeException {

    public NcnnFormatException(String message) {
        super(message);
    }
}
