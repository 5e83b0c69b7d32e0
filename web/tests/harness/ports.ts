/** Free TCP ports on the loopback interface: the SDK scripts' helpers, shared with them. */

export { freePair, freePort } from "../../sdk/scripts/ports.js";
