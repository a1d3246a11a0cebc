package dev.verdict.cache;

import java.util.Map;

/**
 * The system properties through which Chronicle is told to stay quiet and offline, set by the
 * feature cache itself so that no JVM flag is needed for it. Chronicle reads each once, when the
 * class that uses it initialises, so they are set from the static initialisers of the entry
 * points ({@link FeatureStore}, {@link FeatureWriter}), before any Chronicle class runs. A
 * property the user has set (to anything) is left as it is.
 *
 * <ul>
 * <li>{@code chronicle.analytics.disable}: without it Chronicle Map sends usage events to Google
 * Analytics from every JVM that opens a map (read by {@code AnalyticsFacade.isEnabled}), writes a
 * client id file into the user's home directory and, on a host without internet access, prints
 * the {@code UnknownHostException} of the attempt.
 * <li>{@code chronicle.announcer.disable}: without it Chronicle logs a banner at INFO (JVM, process
 * id, a mailing-list invitation, an analytics notice; read by {@code InternalAnnouncer}). Chronicle
 * also logs one INFO line "Chronicle core loaded from ..." from {@code net.openhft.chronicle.core.Jvm}
 * that no property turns off; a logging configuration can (logger {@code net.openhft} at WARN).
 * </ul>
 */
final class ChronicleDefaults {
    /** The properties and the values set when they are absent. */
    static final Map<String, String> PROPERTIES = Map.of(
            "chronicle.analytics.disable", "true",
            "chronicle.announcer.disable", "true");

    private ChronicleDefaults() {
    }

    /** Sets each property the user has not set; cheap and idempotent. */
    static void apply() {
        PROPERTIES.forEach((name, value) -> {
            if (System.getProperty(name) == null) {
                System.setProperty(name, value);
            }
        });
    }
}
