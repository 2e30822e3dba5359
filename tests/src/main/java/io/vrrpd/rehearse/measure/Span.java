package io.vrrpd.rehearse.measure;

/** A time interval [from, to), nanoseconds since the run began: where a measure counted. */
public record Span(long from, long to) {
    public long length() {
        return to - from;
    }
}
