package org.tcplab.tcp.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SeqTest {

    @Test
    void comparesAcrossTheWrap() {
        assertTrue(Seq.lt(0xFFFF_FFF0L, 0x10L));
        assertTrue(Seq.gt(0x10L, 0xFFFF_FFF0L));
        assertTrue(Seq.leq(5, 5));
        assertFalse(Seq.lt(5, 5));
        assertEquals(0x20, Seq.diff(0x10L, 0xFFFF_FFF0L));
    }

    @Test
    void addWrapsTo32Bits() {
        assertEquals(4, Seq.add(0xFFFF_FFFEL, 6));
        assertEquals(0xFFFF_FFFFL, Seq.add(0, -1));
    }

    @Test
    void inWindowHoldsStartAndExcludesEnd() {
        assertTrue(Seq.inWindow(0xFFFF_FFFFL, 0xFFFF_FFF0L, 0x20));
        assertTrue(Seq.inWindow(0x0FL, 0xFFFF_FFF0L, 0x20));
        assertFalse(Seq.inWindow(0x10L, 0xFFFF_FFF0L, 0x20));
        assertFalse(Seq.inWindow(100, 100, 0));
    }

    @Test
    void halfTheSpaceAheadIsAfterAndTheOtherHalfBefore() {
        assertTrue(Seq.gt(0x7FFF_FFFFL, 0));
        assertTrue(Seq.lt(0x8000_0001L, 0));
    }
}
