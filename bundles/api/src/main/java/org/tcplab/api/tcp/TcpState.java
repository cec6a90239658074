package org.tcplab.api.tcp;

/** The eleven connection states of RFC 9293 §3.3.2, printed by their RFC names. */
public enum TcpState {
    CLOSED("CLOSED"),
    LISTEN("LISTEN"),
    SYN_SENT("SYN-SENT"),
    SYN_RECEIVED("SYN-RECEIVED"),
    ESTABLISHED("ESTABLISHED"),
    FIN_WAIT_1("FIN-WAIT-1"),
    FIN_WAIT_2("FIN-WAIT-2"),
    CLOSE_WAIT("CLOSE-WAIT"),
    CLOSING("CLOSING"),
    LAST_ACK("LAST-ACK"),
    TIME_WAIT("TIME-WAIT");

    private final String rfcName;

    TcpState(String rfcName) {
        this.rfcName = rfcName;
    }

    /** RFC 9293 §3.3.2: a connection is synchronized once the handshake has completed. */
    public boolean isSynchronized() {
        return compareTo(ESTABLISHED) >= 0;
    }

    /** True after a FIN was received: CLOSE-WAIT, CLOSING, LAST-ACK, TIME-WAIT. */
    public boolean hasReceivedFin() {
        return this == CLOSE_WAIT || this == CLOSING || this == LAST_ACK || this == TIME_WAIT;
    }

    @Override
    public String toString() {
        return rfcName;
    }
}
