package io.vrrpd.rehearse.measure;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** A set of half-open time intervals [from, to), kept merged; nanoseconds. */
final class Intervals {
    private final List<long[]> spans = new ArrayList<>();

    /** Adds [from, to); empty and reversed spans are ignored. */
    void add(long from, long to) {
        if (to > from) {
            spans.add(new long[] {from, to});
        }
    }

    void addAll(Intervals other) {
        other.spans.forEach(s -> add(s[0], s[1]));
    }

    /** The spans, merged and in order. */
    List<long[]> merged() {
        List<long[]> sorted = new ArrayList<>(spans);
        sorted.sort(Comparator.comparingLong(s -> s[0]));
        List<long[]> out = new ArrayList<>();
        for (long[] s : sorted) {
            if (!out.isEmpty() && s[0] <= out.get(out.size() - 1)[1]) {
                long[] last = out.get(out.size() - 1);
                last[1] = Math.max(last[1], s[1]);
            } else {
                out.add(new long[] {s[0], s[1]});
            }
        }
        return out;
    }

    /** The spans, merged and in order, as values. */
    java.util.List<Span> spans() {
        return merged().stream().map(s -> new Span(s[0], s[1])).toList();
    }

    /** How much of [from, to) the set covers. */
    long within(long from, long to) {
        long sum = 0;
        for (long[] s : merged()) {
            sum += Math.max(0, Math.min(to, s[1]) - Math.max(from, s[0]));
        }
        return sum;
    }

    /** The part of [from, to) the set covers, as a set. */
    Intervals clip(long from, long to) {
        Intervals out = new Intervals();
        for (long[] s : merged()) {
            out.add(Math.max(from, s[0]), Math.min(to, s[1]));
        }
        return out;
    }

    /** The time both sets cover. */
    Intervals intersect(Intervals other) {
        Intervals out = new Intervals();
        for (long[] a : merged()) {
            for (long[] b : other.merged()) {
                out.add(Math.max(a[0], b[0]), Math.min(a[1], b[1]));
            }
        }
        return out;
    }
}
