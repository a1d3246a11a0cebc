package dev.verdict.budget;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * Linux lets a sleeping thread wake up to its "timer slack" late, 50 µs by default, so that the
 * kernel can batch wake-ups. A driver that parks until shortly before each request's start would
 * then start most requests late by tens of microseconds and charge that to the path. The driver
 * threads set their own slack to 1 ns with {@code prctl(PR_SET_TIMERSLACK)} (called through FFM),
 * where the platform is Linux and native access is enabled; elsewhere nothing is changed and the
 * floor shows the difference.
 */
final class TimerSlack {
    private static final int PR_SET_TIMERSLACK = 29;
    private static final MethodHandle PRCTL = prctl();

    private TimerSlack() {
    }

    private static MethodHandle prctl() {
        if (!System.getProperty("os.name", "").startsWith("Linux")
                || !TimerSlack.class.getModule().isNativeAccessEnabled()) {
            return null;
        }
        try {
            Linker linker = Linker.nativeLinker();
            return linker.defaultLookup().find("prctl").map(symbol -> linker.downcallHandle(symbol,
                    FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG),
                    Linker.Option.firstVariadicArg(1))).orElse(null);
        } catch (RuntimeException | LinkageError e) {
            return null;
        }
    }

    /** {@return whether the calling thread's timer slack is now 1 ns} */
    static boolean minimizeForThisThread() {
        if (PRCTL == null) {
            return false;
        }
        try {
            return (int) PRCTL.invokeExact(PR_SET_TIMERSLACK, 1L) == 0;
        } catch (Throwable e) {
            return false;
        }
    }
}
