package io.vrrpd.daemon.control;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Arguments are read strictly: a drain says which instances, or all, and nothing else. */
class ControlCommandTest {
    private static Selection drain(String args) throws Exception {
        return ControlCommand.DRAIN.selection(ControlProtocol.JSON.readTree(args));
    }

    private static String refusal(ControlCommand command, String args) {
        return assertThrows(IllegalArgumentException.class,
                () -> command.selection(args == null ? null : ControlProtocol.JSON.readTree(args))).getMessage();
    }

    @Test
    void allMustBeSaidOutLoud() throws Exception {
        assertEquals(Selection.everyInstance(), drain("{\"all\":true}"));
        assertEquals(Selection.of(List.of("gw4", "gw6")), drain("{\"instances\":[\"gw4\",\"gw6\"]}"));
        for (String args : new String[] {"{}", null, "{\"instances\":[]}", "{\"all\":false}"}) {
            assertTrue(refusal(ControlCommand.DRAIN, args).contains("which instances?"), String.valueOf(args));
        }
    }

    @Test
    void unknownAndMalformedArgumentsAreRefused() {
        assertTrue(refusal(ControlCommand.DRAIN, "{\"instance\":[\"gw4\"]}").contains("unknown argument 'instance' (known: instances, all)"));
        assertTrue(refusal(ControlCommand.UNDRAIN, "{\"all\":\"yes\"}").contains("'all' must be true or false"));
        assertTrue(refusal(ControlCommand.DRAIN, "{\"instances\":\"gw4\"}").contains("must be a list"));
        assertTrue(refusal(ControlCommand.DRAIN, "{\"instances\":[\"gw4\"],\"all\":true}").contains("not both"));
        assertTrue(refusal(ControlCommand.STATUS, "{\"verbose\":true}").contains("unknown argument 'verbose' (it takes none)"));
        assertTrue(refusal(ControlCommand.WATCH, "[1]").contains("args must be an object"));
    }

    @Test
    void readingCommandsTakeNoSelection() throws Exception {
        assertNull(ControlCommand.STATUS.selection(ControlProtocol.JSON.readTree("{}")));
        assertNull(ControlCommand.WATCH.selection(null));
    }

    @Test
    void retireNamesWhatWasAdoptedPossiblyNothingAndBothTakeOverStepsNeedTheActingRole() throws Exception {
        assertEquals(List.of("gw4"), ControlCommand.RETIRE.adopted(ControlProtocol.JSON.readTree("{\"adopted\":[\"gw4\"]}")));
        assertEquals(List.of(), ControlCommand.RETIRE.adopted(ControlProtocol.JSON.readTree("{\"adopted\":[]}")));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ControlCommand.RETIRE.adopted(
                ControlProtocol.JSON.readTree("{}"))).getMessage().contains("'adopted' must be a list"));
        assertTrue(refusal(ControlCommand.RETIRE, "{\"all\":true}").contains("unknown argument 'all' (known: adopted)"));
        assertTrue(refusal(ControlCommand.HAND_OVER, "{\"adopted\":[]}").contains("it takes none"));
        assertEquals(ControlRole.ACT, ControlCommand.HAND_OVER.role());
        assertEquals(ControlRole.ACT, ControlCommand.RETIRE.role());
    }
}
