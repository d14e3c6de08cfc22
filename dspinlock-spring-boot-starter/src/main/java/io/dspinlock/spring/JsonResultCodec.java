package io.dspinlock.spring;

import io.dspinlock.ResultCodec;
import java.lang.reflect.Type;
import org.springframework.beans.factory.BeanFactory;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.ObjectMapper;

/**
 * Stores {@link ComputeOnce} results as JSON with the application's Jackson 3 mapper; a class of
 * its own, so that nothing loads Jackson where it is absent.
 */
final class JsonResultCodec {
  private JsonResultCodec() {}

  /** {@return a codec for {@code type} with the mapper bean, or null when there is none} */
  static ResultCodec<Object> of(BeanFactory beans, Type type) {
    ObjectMapper mapper = beans.getBeanProvider(ObjectMapper.class).getIfUnique();
    if (mapper == null) {
      return null;
    }
    // The full generic type, so that a List<Report> comes back as reports, not maps.
    JavaType javaType = mapper.constructType(type);
    return ResultCodec.of(mapper::writeValueAsBytes, bytes -> mapper.readValue(bytes, javaType));
  }
}
