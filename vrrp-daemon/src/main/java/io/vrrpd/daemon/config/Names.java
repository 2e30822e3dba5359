package io.vrrpd.daemon.config;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;

/** Instance and sync-group names, and "did you mean" suggestions by edit distance. */
final class Names {

    /**
     * Lower-case letters, digits, {@code _} and {@code -}, starting with a letter or digit, at
     * most 64 characters. No dots, so that a path like {@code instances.gw4.vrid} is unambiguous.
     */
    static final Pattern VALID = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");
    static final String VALID_DESCRIPTION =
            "lower-case letters, digits, '_' and '-', starting with a letter or digit, at most 64 characters";

    private Names() {}

    /**
     * Up to 3 of {@code candidates} that {@code name} is plausibly a typo or abbreviation of:
     * they start alike ({@code prio}, {@code priority}), or they are within an edit
     * distance of about a third of the shorter one. Prefixes first, then nearest, then by name.
     */
    static List<String> closest(String name, Collection<String> candidates) {
        return candidates.stream()
                .filter(c -> isPrefix(name, c)
                        || distance(name, c) <= Math.max(1, (Math.min(name.length(), c.length()) + 1) / 3))
                .sorted(Comparator.comparing((String c) -> !isPrefix(name, c))
                        .thenComparingInt(c -> distance(name, c))
                        .thenComparing(c -> c))
                .limit(3)
                .toList();
    }

    /** They share a start of at least two thirds of the shorter one ({@code default-gw}, {@code default-gateway}). */
    private static boolean isPrefix(String a, String b) {
        int common = 0;
        while (common < Math.min(a.length(), b.length()) && a.charAt(common) == b.charAt(common)) {
            common++;
        }
        return common >= Math.max(2, (2 * Math.min(a.length(), b.length()) + 2) / 3);
    }

    /** Levenshtein distance. */
    static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int subst = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                cur[j] = Math.min(subst, Math.min(prev[j], cur[j - 1]) + 1);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
