/** The GraalWasm launcher: needs only the polyglot API; the wasm language and the Truffle runtime are bound as services. */
module dockerwasm.graalwasm {
    requires org.graalvm.polyglot;
}
