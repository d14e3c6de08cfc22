package io.dspinlock.spring;

import io.dspinlock.ResultCodec;
import java.lang.reflect.Method;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.core.ResolvableType;
import org.springframework.util.ClassUtils;

/**
 * Chooses how a {@link ComputeOnce} method's results are stored: the application's {@code
 * ResultCodec} bean for the return type, else UTF-8 for {@code String} and bytes for {@code
 * byte[]}, else JSON with the application's Jackson 3 mapper.
 */
final class ResultCodecs {
  private static final boolean JACKSON =
      ClassUtils.isPresent(
          "tools.jackson.databind.ObjectMapper", ResultCodecs.class.getClassLoader());

  private ResultCodecs() {}

  @SuppressWarnings("unchecked") // each codec is for the method's return type, so for its results
  static ResultCodec<Object> forReturnType(Method method, BeanFactory beans, String where) {
    ResolvableType type = ResolvableType.forMethodReturnType(method);
    if (type.toClass().isPrimitive()) {
      type = ResolvableType.forClass(ClassUtils.resolvePrimitiveIfNecessary(type.toClass()));
    }
    ResultCodec<?> bean =
        beans
            .<ResultCodec<?>>getBeanProvider(
                ResolvableType.forClassWithGenerics(ResultCodec.class, type))
            .getIfUnique();
    if (bean != null) {
      return (ResultCodec<Object>) bean;
    }
    Class<?> raw = type.toClass();
    if (raw == String.class) {
      return (ResultCodec<Object>) (ResultCodec<?>) ResultCodec.utf8();
    }
    if (raw == byte[].class) {
      return (ResultCodec<Object>) (ResultCodec<?>) ResultCodec.bytes();
    }
    if (JACKSON) {
      ResultCodec<Object> json = JsonResultCodec.of(beans, method.getGenericReturnType());
      if (json != null) {
        return json;
      }
    }
    throw new IllegalStateException(
        where
            + ": no way to store a "
            + type
            + ": define a ResultCodec<"
            + raw.getSimpleName()
            + "> bean, or add Jackson 3 (spring-boot-starter-jackson)");
  }
}
