package dev.vigil.rtsp.fuzz;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Calls into {@code dev.vigil.rtsp.session}, whose parsers are package-private on purpose. The
 * fuzz targets live in a package of their own (the session tests belong to someone else), so they
 * reach the parsers by reflection rather than by widening the production API for tests.
 *
 * <p>An exception thrown by the called method is rethrown as is, not wrapped, so that the fuzzer
 * and the regression run report the real failure.
 */
final class Reflect {
    static final String SESSION = "dev.vigil.rtsp.session.";

    private static final ConcurrentHashMap<String, Method> METHODS = new ConcurrentHashMap<>();

    private Reflect() {}

    /** A static method of a session class, found by name and argument count. */
    static Object callStatic(String simpleClassName, String method, Object... args) {
        Class<?> c = sessionClass(simpleClassName);
        return invoke(find(c, method, args.length), null, args);
    }

    /** An instance method (a record accessor, usually) of a session object. */
    static Object call(Object target, String method, Object... args) {
        return invoke(find(target.getClass(), method, args.length), target, args);
    }

    static Class<?> sessionClass(String simpleName) {
        try {
            return Class.forName(SESSION + simpleName);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("the session package has no class " + simpleName, e);
        }
    }

    private static Method find(Class<?> c, String name, int arity) {
        return METHODS.computeIfAbsent(c.getName() + "#" + name + "/" + arity, k -> {
            for (Class<?> k2 = c; k2 != null; k2 = k2.getSuperclass()) {
                for (Method m : k2.getDeclaredMethods()) {
                    if (m.getName().equals(name) && m.getParameterCount() == arity && !m.isSynthetic()) {
                        m.setAccessible(true);
                        return m;
                    }
                }
            }
            throw new IllegalStateException(c.getName() + " has no method " + name + " of " + arity + " arguments");
        });
    }

    private static Object invoke(Method m, Object target, Object[] args) {
        try {
            return m.invoke(target, args);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) throw r;
            if (cause instanceof Error err) throw err;
            throw new IllegalStateException(cause);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }
}
