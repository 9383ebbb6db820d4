// Parses each file given as an argument (Groovy's CONVERSION phase: syntax only, nothing is run) and exits 1 when
// one does not parse.
import org.codehaus.groovy.control.CompilationUnit
import org.codehaus.groovy.control.Phases

def failed = false
args.each { path ->
    def unit = new CompilationUnit()
    unit.addSource(new File(path))
    try {
        unit.compile(Phases.CONVERSION)
        println "${path}: parses"
    } catch (Exception error) {
        failed = true
        println "${path}: does not parse: ${error.message}"
    }
}
System.exit(failed ? 1 : 0)
