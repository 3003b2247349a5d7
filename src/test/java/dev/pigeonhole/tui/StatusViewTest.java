package dev.pigeonhole.tui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pigeonhole.courier.LinkState;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The status pane's first row: the link state survives any width; details give way first. */
class StatusViewTest {
    private static final String ME = "alice@127.0.0.1:4554";

    private static String row(LinkState link, int width) {
        return StatusView.linkRow(ME, link, link.describe(VirtualUi.NOW), width, " · ").stream()
                .map(StatusView.Segment::text)
                .collect(Collectors.joining());
    }

    @ParameterizedTest
    @ValueSource(ints = {79, 60, 45})
    void offline_keeps_reconnecting_in_7s_next_to_offline_and_the_reason_goes_last(int width) {
        String row = row(LinkState.offline("connection refused", VirtualUi.NOW.plusSeconds(7)), width);
        assertEquals(
                width >= 68
                        ? "offline, reconnecting in 7s · Ctrl-R: retry now · connection refused"
                        : "offline, reconnecting in 7s · connection refused",
                row);
    }

    @ParameterizedTest
    @ValueSource(ints = {30, 27})
    void narrowest_the_state_first_and_the_reason_after_it_for_the_edge_to_cut(int width) {
        assertEquals(
                "offline, reconnecting in 7s · connection refused",
                row(LinkState.offline("connection refused", VirtualUi.NOW.plusSeconds(7)), width));
    }

    @ParameterizedTest
    @ValueSource(ints = {120, 100})
    void wide_everything(int width) {
        assertEquals(
                ME + " · offline, reconnecting in 7s · Ctrl-R: retry now · connection refused",
                row(LinkState.offline("connection refused", VirtualUi.NOW.plusSeconds(7)), width));
    }

    @ParameterizedTest
    @ValueSource(ints = {79, 30, 12})
    void connected_drops_the_identity_before_the_state(int width) {
        String row = row(LinkState.connected(3), width);
        assertTrue(row.contains("connected · 3 waiting"), row);
        assertEquals(width >= 33, row.startsWith(ME), row);
    }

    @ParameterizedTest
    @ValueSource(ints = {80, 60, 40})
    void drawn_at_80_columns_and_narrower_the_countdown_is_on_screen(int cols) {
        VirtualUi ui = new VirtualUi(cols, 24, new Look(true, false));
        ui.window.onConnection(LinkState.offline("connection refused", VirtualUi.NOW.plusSeconds(7)));
        ui.pump();
        assertTrue(ui.screen().contains("offline, reconnecting in 7s"), ui.screen());
    }

    @Test
    void a_long_identity_gives_way_to_the_whole_reason_and_a_long_reason_keeps_the_ctrl_r_hint() {
        String ssh = "root@ssh:root@127.0.0.1:/tmp/junit-3619493805310561846/server.sock";
        String reason = "ssh: pigeonhole bridge: cannot connect to unix:/tmp/junit-3619493805310561846/server.sock";
        LinkState offline = LinkState.offline(reason, VirtualUi.NOW.plusSeconds(7));
        String row = StatusView.linkRow(ssh, offline, offline.describe(VirtualUi.NOW), 199, " · ").stream()
                .map(StatusView.Segment::text)
                .collect(Collectors.joining());
        assertEquals("offline, reconnecting in 7s · Ctrl-R: retry now · " + reason, row);
        assertTrue(row("the server did not answer in time", 78)
                .startsWith("offline, reconnecting in 7s · Ctrl-R: retry now · the server did not answer"));
    }

    private static String row(String reason, int width) {
        return row(LinkState.offline(reason, VirtualUi.NOW.plusSeconds(7)), width);
    }
}
