package io.dspinlock;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Turns the result of a computation into bytes stored in Redis, and back, for {@link
 * RedisSession#computeOnce}. Built in: {@link #utf8()} and {@link #bytes()}; plug in your own for
 * other types, e.g. with Jackson:
 *
 * <pre>{@code
 * ResultCodec<Report> json = ResultCodec.of(mapper::writeValueAsBytes, b -> mapper.readValue(b, Report.class));
 * }</pre>
 *
 * @param <T> the result type
 */
public interface ResultCodec<T> {

  /**
   * Encodes a result.
   *
   * @param value a non-null result
   * @return its bytes
   */
  byte[] encode(T value);

  /**
   * Decodes a stored result.
   *
   * @param bytes what {@link #encode} returned
   * @return the result
   */
  T decode(byte[] bytes);

  /**
   * Encodes strings as UTF-8.
   *
   * @return the codec
   */
  static ResultCodec<String> utf8() {
    return of(s -> s.getBytes(StandardCharsets.UTF_8), b -> new String(b, StandardCharsets.UTF_8));
  }

  /**
   * Keeps bytes as they are (copied).
   *
   * @return the codec
   */
  static ResultCodec<byte[]> bytes() {
    return of(byte[]::clone, byte[]::clone);
  }

  /**
   * Makes a codec of two functions, which may throw checked exceptions (they are wrapped).
   *
   * @param encoder turns a result into bytes
   * @param decoder turns bytes into a result
   * @param <T> the result type
   * @return the codec
   */
  static <T> ResultCodec<T> of(Encoder<T> encoder, Decoder<T> decoder) {
    Objects.requireNonNull(encoder, "encoder");
    Objects.requireNonNull(decoder, "decoder");
    return new ResultCodec<>() {
      @Override
      public byte[] encode(T value) {
        try {
          return encoder.encode(value);
        } catch (RuntimeException e) {
          throw e;
        } catch (Exception e) {
          throw new DSpinlockException("cannot encode the result: " + e.getMessage(), e);
        }
      }

      @Override
      public T decode(byte[] bytes) {
        try {
          return decoder.decode(bytes);
        } catch (RuntimeException e) {
          throw e;
        } catch (Exception e) {
          throw new DSpinlockException("cannot decode the stored result: " + e.getMessage(), e);
        }
      }
    };
  }

  /** Encodes, possibly throwing. */
  @FunctionalInterface
  interface Encoder<T> {
    /**
     * Encodes a value.
     *
     * @param value the result
     * @return its bytes
     * @throws Exception if it cannot be encoded
     */
    byte[] encode(T value) throws Exception;
  }

  /** Decodes, possibly throwing. */
  @FunctionalInterface
  interface Decoder<T> {
    /**
     * Decodes bytes.
     *
     * @param bytes what the encoder wrote
     * @return the result
     * @throws Exception if they cannot be decoded
     */
    T decode(byte[] bytes) throws Exception;
  }
}
