package dev.verdict.onnx;

import java.lang.foreign.ValueLayout;

/**
 * One input or output tensor of an ONNX model as Verdict uses it: name, element type, and shape;
 * {@code batched} when the first dimension is a dynamic batch; {@code width} is the number of
 * values per row (the product of the dimensions after the batch dimension).
 */
record TensorSpec(String name, int elementType, long[] dims, boolean batched, int width) {

    long elementSize() {
        return switch (elementType) {
            case OrtApi.FLOAT, OrtApi.INT32 -> 4;
            case OrtApi.DOUBLE, OrtApi.INT64 -> 8;
            case OrtApi.BOOL, OrtApi.UINT8, OrtApi.INT8 -> 1;
            default -> throw new IllegalStateException("unsupported element type " + elementType);
        };
    }

    /** The shape for {@code rows} rows. */
    long[] shape(int rows) {
        long[] shape = dims.clone();
        if (batched) {
            shape[0] = rows;
        }
        return shape;
    }

    String typeName() {
        return typeName(elementType);
    }

    static String typeName(int elementType) {
        return switch (elementType) {
            case OrtApi.FLOAT -> "float32";
            case OrtApi.UINT8 -> "uint8";
            case OrtApi.INT8 -> "int8";
            case OrtApi.INT16 -> "int16";
            case OrtApi.INT32 -> "int32";
            case OrtApi.INT64 -> "int64";
            case OrtApi.STRING -> "string";
            case OrtApi.BOOL -> "bool";
            case OrtApi.DOUBLE -> "float64";
            default -> "element type " + elementType;
        };
    }

    String describe() {
        StringBuilder sb = new StringBuilder(name).append(' ').append(typeName()).append('[');
        for (int i = 0; i < dims.length; i++) {
            sb.append(i == 0 ? "" : ",").append(dims[i] < 0 ? (i == 0 && batched ? "batch" : "?") : dims[i]);
        }
        return sb.append(']').toString();
    }

    static ValueLayout layout(int elementType) {
        return switch (elementType) {
            case OrtApi.FLOAT -> ValueLayout.JAVA_FLOAT;
            case OrtApi.DOUBLE -> ValueLayout.JAVA_DOUBLE;
            case OrtApi.INT32 -> ValueLayout.JAVA_INT;
            case OrtApi.INT64 -> ValueLayout.JAVA_LONG;
            default -> ValueLayout.JAVA_BYTE;
        };
    }
}
