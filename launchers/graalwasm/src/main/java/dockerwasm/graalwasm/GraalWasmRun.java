package dockerwasm.graalwasm;

import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Manifest;

import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Engine;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.Value;
import org.graalvm.polyglot.io.ByteSequence;

/**
 * Runs a WASI preview-1 command module in GraalWasm, from the command line.
 *
 * <pre>
 *   graalwasm --version
 *   graalwasm &lt;module.wasm&gt; [guest args...]
 * </pre>
 *
 * The guest gets argv = the module's file name, then the guest args; no environment variables (the polyglot
 * default, no environment access); no preopened directories (no wasm.WasiMapDirs); the process's own stdin,
 * stdout and stderr, unbuffered. The exit code is proc_exit's code, 0 when _start returns, and 1 with
 * GraalWasm's message on stderr when the module is rejected or traps.
 *
 * Started by the graalwasm wrapper that scripts/provision-runtimes.sh installs, which puts the Graal compiler
 * on the upgrade module path with JVMCI enabled, so Truffle compiles hot Wasm code at run time (not the
 * fallback interpreter).
 */
public final class GraalWasmRun {
    private GraalWasmRun() {}

    public static void main(String[] args) {
        System.exit(run(args));
    }

    private static int run(String[] args) {
        if (args.length == 0) {
            System.err.println("usage: graalwasm <module.wasm> [guest args...]\n       graalwasm --version");
            return 2;
        }
        if (args[0].equals("--version")) {
            System.out.println(versionLine());
            return 0;
        }
        int first = args[0].equals("--") ? 1 : 0;
        if (first >= args.length) {
            System.err.println("usage: graalwasm <module.wasm> [guest args...]");
            return 2;
        }
        Path modulePath = Path.of(args[first]);
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(modulePath);
        } catch (IOException e) {
            System.err.println("graalwasm: cannot read " + modulePath + ": " + e);
            return 1;
        }
        String name = modulePath.getFileName().toString();
        String[] guestArgv = new String[args.length - first];
        guestArgv[0] = name;
        System.arraycopy(args, first + 1, guestArgv, 1, guestArgv.length - 1);

        Context.Builder builder = Context.newBuilder("wasm")
                .option("wasm.Builtins", "wasi_snapshot_preview1")
                .arguments("wasm", guestArgv)
                .in(new FileInputStream(FileDescriptor.in))
                .out(new FileOutputStream(FileDescriptor.out))
                .err(new FileOutputStream(FileDescriptor.err));
        Context context = builder.build();
        try {
            // "main": the module's binding name in the context, whatever the file is called
            Source source = Source.newBuilder("wasm", ByteSequence.create(bytes), "main").build();
            Value module = context.eval(source);
            Value instance = module.canInstantiate() ? module.newInstance() : module;
            Value exports = instance.hasMember("exports") ? instance.getMember("exports") : instance;
            Value start = exports.getMember("_start");
            if (start == null || !start.canExecute()) {
                System.err.println("graalwasm: " + name + " exports no _start function (not a WASI command)");
                return 1;
            }
            start.executeVoid();
            return 0;
        } catch (IOException e) {
            System.err.println("graalwasm: cannot read " + modulePath + ": " + e);
            return 1;
        } catch (PolyglotException e) {
            if (e.isExit()) {
                return e.getExitStatus();
            }
            System.err.println("graalwasm: " + (e.isSyntaxError() ? "invalid module: " : "error: ") + e.getMessage());
            return 1;
        } finally {
            try {
                context.close(true);
            } catch (PolyglotException ignored) {
                // a context that the guest exited is already closed
            }
        }
    }

    /** The versions are read from the artifacts themselves (Language.getVersion() says only "Development Build"). */
    private static String versionLine() {
        String wasm = jarVersion("org.graalvm.wasm");
        String compiler = jarVersion("jdk.graal.compiler");
        String runtime;
        try (Engine engine = Engine.newBuilder("wasm").option("engine.WarnInterpreterOnly", "false").build()) {
            runtime = engine.getImplementationName();
        }
        String jit = compiler == null ? "no Graal compiler: interpreter only" : "Graal compiler " + compiler + " via JVMCI";
        return "graalwasm " + wasm + " (Maven org.graalvm.polyglot:wasm " + wasm + ", Truffle runtime " + runtime + ", " + jit
                + ", " + System.getProperty("java.vm.vendor") + " " + System.getProperty("java.runtime.version") + ")";
    }

    /** Implementation-Version from the manifest of the jar that holds a module in the boot layer, or null. */
    private static String jarVersion(String moduleName) {
        return ModuleLayer.boot().findModule(moduleName).map(m -> {
            try (InputStream in = m.getResourceAsStream("META-INF/MANIFEST.MF")) {
                return in == null ? null : new Manifest(in).getMainAttributes().getValue("Implementation-Version");
            } catch (IOException e) {
                return null;
            }
        }).orElse(null);
    }
}
