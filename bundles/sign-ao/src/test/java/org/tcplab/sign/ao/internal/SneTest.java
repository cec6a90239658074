package org.tcplab.sign.ao.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** RFC 5925 §6.2: the sequence number extension across 2^32. */
class SneTest {

    @Nested
    class Compute {
        @Test
        void sequenceNumbersNearTheBasisShareItsSne() {
            assertEquals(7, Sne.compute(7, 1000, 1000));
            assertEquals(7, Sne.compute(7, 1000, 5000));
            assertEquals(7, Sne.compute(7, 1000, 500));
        }

        @Test
        void aNumberJustPastTheWrapThatTheBasisHasNotReachedIsOneMore() {
            assertEquals(1, Sne.compute(0, 0xFFFFFF00L, 0x00000010L));
        }

        @Test
        void aNumberJustBeforeTheWrapThatTheBasisHasPassedIsOneLess() {
            // a retransmission from before the wrap
            assertEquals(0, Sne.compute(1, 0x00000010L, 0xFFFFFF00L));
        }

        @Test
        void theSneItselfWrapsAt2To32() {
            assertEquals(0, Sne.compute(-1, 0xFFFFFFF0L, 0x5L));
        }
    }

    @Nested
    class Tracking {
        @Test
        void advancingTheBasisAcrossTheWrapIncrementsTheSneOnce() {
            Sne sne = new Sne(0xFFFFF000L);
            sne.advance(0xFFFFFF00L);
            assertEquals(0, sne.sne());
            sne.advance(0x00000100L);
            assertEquals(1, sne.sne());
            sne.advance(0x00000200L);
            assertEquals(1, sne.sne());
        }

        @Test
        void twoWrapsGiveSneTwo() {
            Sne sne = new Sne(0);
            for (long s = 0; s < 2 * (1L << 32) + 5; s += 1L << 30) {
                sne.advance(s & 0xFFFFFFFFL);
            }
            assertEquals(2, sne.sne());
        }

        @Test
        void segmentsEitherSideOfTheWrapGetTheirOwnSne() {
            Sne sne = new Sne(0xFFFFFFF0L);
            assertEquals(0, sne.of(0xFFFFFFFFL));
            assertEquals(1, sne.of(0x00000000L));
            sne.advance(0x00000004L);
            assertEquals(0, sne.of(0xFFFFFFFFL));
            assertEquals(1, sne.of(0x00000004L));
        }
    }
}
