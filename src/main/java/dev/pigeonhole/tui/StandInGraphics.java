package dev.pigeonhole.tui;

import com.googlecode.lanterna.gui2.TextGUIGraphics;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;

/**
 * Graphics for a component whose own text may hold characters above U+FFFF (an editor's, which must keep the emoji
 * typed into it): every string it draws has each such character, a surrogate pair, replaced by {@link
 * ScreenText#WIDE_STAND_IN}, and a lone surrogate (half a pair cut off at the field's edge) by {@link
 * ScreenText#REPLACEMENT} ({@link ScreenText#pairsAsStandIns}). Lanterna writes one UTF-16 unit at a time, so the
 * terminal would show a pair as {@code ??}. The stand-in takes the two columns Lanterna counts for the pair, so every
 * position and the caret stay where Lanterna put them. Everything else is passed on unchanged.
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
                    args[i] = ScreenText.pairsAsStandIns(s);
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
}
