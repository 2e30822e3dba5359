package io.vrrpd.daemon.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class NamesTest {

    @Test
    void suggestsTyposAndAbbreviationsButNotUnrelatedNames() {
        List<String> fields = List.of("family", "interface", "vrid", "priority", "advert-interval");
        assertEquals(List.of("priority"), Names.closest("prio", fields));
        assertEquals(List.of("advert-interval"), Names.closest("advert_interval", fields));
        assertEquals(List.of(), Names.closest("colour", fields));
        assertEquals(List.of("gw4", "gw6"), Names.closest("gw", List.of("gw6", "gw4", "lb")));
    }

    @Test
    void suggestsAtMostThree() {
        assertEquals(List.of("gw1", "gw2", "gw3"), Names.closest("gw", List.of("gw4", "gw3", "gw2", "gw1")));
    }

    @Test
    void editDistance() {
        assertEquals(0, Names.distance("gw4", "gw4"));
        assertEquals(1, Names.distance("gw", "gw4"));
        assertEquals(3, Names.distance("kitten", "sitting"));
    }
}
