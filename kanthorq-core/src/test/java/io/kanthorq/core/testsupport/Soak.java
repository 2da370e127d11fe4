package io.kanthorq.core.testsupport;

/**
 * Sizes of reliability scenarios: the short version runs in every build, the long one with
 * {@code -Psoak} (system property {@code kanthorq.soak=true}).
 */
public final class Soak {

    private Soak() {}

    /** Whether the long versions run. */
    public static boolean enabled() {
        return Boolean.getBoolean("kanthorq.soak");
    }

    /** {@code shortValue} normally, {@code longValue} under {@code -Psoak}. */
    public static int scale(int shortValue, int longValue) {
        return enabled() ? longValue : shortValue;
    }
}
