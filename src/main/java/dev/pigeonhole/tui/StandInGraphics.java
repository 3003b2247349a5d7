package dev.pigeonhole.tui;

import com.googlecode.lanterna.gui2.TextGUIGraphics;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;

/**
 * Graphics for a component whose own text may hold characters above U+FFFF (an editor's, which must keep
 * the emoji typed into it): every string it draws has each such character, a surrogate pair, replaced by
 * {@link ScreenText#WIDE_STAND_IN}, and a lone surrogate (half a pair cut off at the field's edge) by
 * {@link ScreenText#REPLACEMENT}. Lanterna writes one UTF-16 unit at a time, so the terminal would show a
 * pair as {@code ??}. The stand-in takes the two columns Lanterna counts for the pair, so every position
 * and the caret stay where Lanterna put them. Everything else is passed on unchanged.
 */
final class StandInGraphics implements InvocationHandler {
    private final TextGUIGraphics target;

    private StandInGraphics(TextGUIGraphics target) {
        this.target = target;
    }

    /** {@code g}, drawing stand-ins as described above. */
    static TextGUIGraphics of(TextGUIGraphics g) {
        return (TextGUIGraphics) Proxy.newProxyInstance(
                TextGUIGraphics.class.getClassLoader(), new Class<?>[] {TextGUIGraphics.class}, new StandInGraphics(g));
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        if (args != null && method.getName().startsWith("put")) {
            for (int i = 0; i < args.length; i++) {
                if (args[i] instanceof String s) {
                    args[i] = drawable(s);
                }
            }
        }
        Object result;
        try {
            result = method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
        if (result == target) {
            return proxy; // the calls chain: keep the stand-ins on the rest of the chain
        }
        if (result instanceof TextGUIGraphics inner) {
            return of(inner); // a sub-area (newTextGraphics)
        }
        return result;
    }

    /** {@code s} with each surrogate pair as the wide stand-in and each lone surrogate as the replacement. */
    static String drawable(String s) {
        StringBuilder out = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!Character.isSurrogate(c)) {
                if (out != null) {
                    out.append(c);
                }
                continue;
            }
            if (out == null) {
                out = new StringBuilder(s.length()).append(s, 0, i);
            }
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                out.append(ScreenText.WIDE_STAND_IN);
                i++;
            } else {
                out.append(ScreenText.REPLACEMENT);
            }
        }
        return out == null ? s : out.toString();
    }
}
