package io.vrrpd.rehearse.measure;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import io.vrrpd.lab.Family;

/**
 * One round of the sampler over every blade; times in nanoseconds since the run began. {@code at}
 * is when the round began (not when it was due), {@code took} how long its reads took; each
 * blade's own read has its own time ({@link BladeSample#at}). {@code via} is, per family, the
 * blade the client's traffic goes to (its neighbour entry for its gateway holds that blade's
 * MAC), read at {@code viaAt}; a family is absent while that is not known.
 */
public record Sample(long at, long took, Map<String, BladeSample> blades, Map<Family, String> via, long viaAt) {
    public Sample {
        blades = Collections.unmodifiableMap(new LinkedHashMap<>(blades));
        via = Map.copyOf(via);
    }

    /** A round without the client's view (every family unknown), read at {@code at}. */
    public Sample(long at, long took, Map<String, BladeSample> blades) {
        this(at, took, blades, Map.of(), at);
    }
}
