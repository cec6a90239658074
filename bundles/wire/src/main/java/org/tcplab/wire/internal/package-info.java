/** Private helpers of the wire codec; not exported. */
package org.tcplab.wire.internal;
