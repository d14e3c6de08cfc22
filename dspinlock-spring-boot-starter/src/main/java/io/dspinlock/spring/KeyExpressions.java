package io.dspinlock.spring;

import java.lang.reflect.Method;
import java.time.Duration;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.context.expression.BeanFactoryResolver;
import org.springframework.context.expression.MethodBasedEvaluationContext;
import org.springframework.core.DefaultParameterNameDiscoverer;
import org.springframework.core.ParameterNameDiscoverer;
import org.springframework.expression.EvaluationException;
import org.springframework.expression.Expression;
import org.springframework.expression.ParseException;
import org.springframework.expression.spel.standard.SpelExpressionParser;

/**
 * Parses the key expressions and durations of {@link DSpinlock} and {@link ComputeOnce}, and
 * evaluates keys over a call's arguments. Every failure is an {@link IllegalArgumentException} that
 * names the annotated method and the text, since it is a mistake in the annotation, not in the
 * call.
 */
final class KeyExpressions {
  private final SpelExpressionParser parser = new SpelExpressionParser();
  private final ParameterNameDiscoverer parameterNames = new DefaultParameterNameDiscoverer();
  private final BeanFactoryResolver beans;

  KeyExpressions(BeanFactory beanFactory) {
    this.beans = new BeanFactoryResolver(beanFactory);
  }

  /** A key expression parsed once for its method, with what messages need to name it. */
  record Key(Expression expression, String text, String where) {}

  /** Parses the key expression {@code text} of the annotation {@code where} describes. */
  Key parse(String text, String where) {
    try {
      return new Key(parser.parseExpression(text), text, where);
    } catch (ParseException e) {
      throw new IllegalArgumentException(
          where + ": key expression \"" + text + "\" does not parse: " + e.getMessage(), e);
    }
  }

  /** Evaluates a key over the arguments of one call; never null. */
  Object evaluate(Key key, Method method, Object[] args) {
    MethodBasedEvaluationContext context =
        new MethodBasedEvaluationContext(null, method, args, parameterNames);
    context.setBeanResolver(beans);
    Object value;
    try {
      value = key.expression().getValue(context);
    } catch (EvaluationException e) {
      throw new IllegalArgumentException(
          key.where() + ": key expression \"" + key.text() + "\" fails: " + e.getMessage(), e);
    }
    if (value == null) {
      throw new IllegalArgumentException(
          key.where() + ": key expression \"" + key.text() + "\" evaluated to null");
    }
    return value;
  }

  /** The failure of a key whose value cannot be locked on. */
  static IllegalArgumentException notLockable(Key key, Object value, RuntimeException cause) {
    return new IllegalArgumentException(
        key.where()
            + ": key expression \""
            + key.text()
            + "\" gave a value that cannot be locked on ("
            + value.getClass().getName()
            + "): "
            + cause.getMessage(),
        cause);
  }

  /** Parses a duration attribute: null when empty, else positive. */
  static Duration duration(String text, String attribute, String where) {
    if (text.isBlank()) {
      return null;
    }
    Duration d;
    try {
      d = DurationStyle.detectAndParse(text.trim());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          where + ": " + attribute + " \"" + text + "\" is not a duration (2s, 500ms, PT2S)", e);
    }
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(where + ": " + attribute + " must be positive: " + text);
    }
    return d;
  }

  /** {@return how messages name an annotation on a method: {@code @DSpinlock on Orders.ship}} */
  static String where(Class<?> annotation, Method method) {
    return "@"
        + annotation.getSimpleName()
        + " on "
        + method.getDeclaringClass().getSimpleName()
        + "."
        + method.getName();
  }
}
