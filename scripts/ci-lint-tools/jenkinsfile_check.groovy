// A structural check of declarative Jenkinsfiles, offline: each file is run against a stub DSL that records what every
// section contains (nothing a pipeline does is executed: `expression` and `script` bodies are not run), and the
// recorded model is checked: a top-level agent and stages; each stage has steps and an agent when the pipeline's is
// `none`; only known directives, when-conditions, steps and post conditions; `input` has a message and a submitter;
// a stage that asks for input decides its `when` first (`beforeInput true`); locks and docker agents are named.
// Usage: groovy jenkinsfile_check.groovy [--json] FILE...   (--json prints the models, with every sh script.)
// Only feed it generated files: their top-level code runs.
import groovy.json.JsonOutput

class Node {
    String name
    List args = []
    Map named = [:]
    List<Node> children = []

    Map toMap() {
        [name: name, args: args.collect { value(it) }, named: named.collectEntries { k, v -> [k, value(v)] },
         children: children*.toMap()]
    }

    static Object value(Object it) {
        if (it instanceof Node) return it.toMap()
        if (it instanceof Closure) return '<closure>'
        if (it instanceof List) return it.collect { value(it) }
        return it instanceof GString ? it.toString() : it
    }

    Node child(String name) { children.find { it.name == name } }
    List<Node> all(String name) { children.findAll { it.name == name } }
}

class Recorder {
    Node node
    static final Set UNEVALUATED = ['expression', 'script'] as Set
    // Calls that make a value for another call (credentials('id'), usernamePassword(...) in withCredentials):
    // returned, not recorded as a section or step.
    static final Set VALUES = ['credentials', 'usernamePassword', 'sshUserPrivateKey', 'gitUsernamePassword', 'string',
                               'file'] as Set

    // Functions the Jenkinsfile defines outside the pipeline block (def promoteActor() { ... }): called for a value,
    // which here is a placeholder, since they read the running build.
    static Set scriptFunctions = [] as Set

    Recorder(Node node) { this.node = node }

    def methodMissing(String name, def argsObject) {
        if (scriptFunctions.contains(name)) return "<${name}()>".toString()
        Object[] args = argsObject as Object[]
        def child = new Node(name: name)
        args.each { arg ->
            if (arg instanceof Map) child.named.putAll(arg)
            else if (!(arg instanceof Closure)) child.args << arg
        }
        if (!(VALUES.contains(name) && node.name != 'parameters')) node.children << child
        def body = args ? args[-1] : null
        if (body instanceof Closure && !UNEVALUATED.contains(name)) {
            def copy = body.rehydrate(new Recorder(child), body.owner, body.thisObject)
            copy.resolveStrategy = Closure.DELEGATE_FIRST
            copy.call()
        }
        return child
    }

    def propertyMissing(String name) {
        if (name in ['none', 'any']) return "<${name}>".toString()
        throw new MissingPropertyException(name, Recorder)
    }

    def propertyMissing(String name, def value) {
        node.children << new Node(name: '=', args: [name, value])
    }
}

class Checker {
    static final Set TOP = ['agent', 'stages', 'parameters', 'options', 'environment', 'post', 'triggers', 'tools',
                            'libraries'] as Set
    static final Set STAGE = ['agent', 'when', 'input', 'environment', 'options', 'steps', 'post', 'stages',
                              'parallel', 'tools'] as Set
    static final Set WHEN = ['branch', 'changeRequest', 'expression', 'allOf', 'anyOf', 'not', 'environment',
                             'beforeInput', 'beforeAgent', 'beforeOptions', 'tag', 'buildingTag', 'changelog',
                             'changeset', 'equals', 'triggeredBy'] as Set
    static final Set INPUT = ['message', 'id', 'ok', 'submitter', 'submitterParameter', 'parameters'] as Set
    static final Set STEPS = ['sh', 'echo', 'lock', 'withCredentials', 'script', 'junit', 'archiveArtifacts', 'sshagent', 'dir',
                              'timeout', 'retry', 'error', 'stash', 'unstash', 'writeFile', 'readFile',
                              'catchError', 'warnError', 'withEnv'] as Set
    static final Set POST = ['always', 'changed', 'fixed', 'regression', 'aborted', 'failure', 'success', 'unstable',
                             'unsuccessful', 'cleanup'] as Set
    static final Set OPTIONS = ['disableConcurrentBuilds', 'timeout', 'timestamps', 'ansiColor', 'buildDiscarder',
                                'lock', 'skipDefaultCheckout', 'retry', 'quietPeriod', 'preserveStashes',
                                'durabilityHint', 'parallelsAlwaysFailFast', 'checkoutToSubdirectory',
                                'disableResume', 'newContainerPerStage', 'logRotator'] as Set
    static final Set PARAMETERS = ['choice', 'string', 'booleanParam', 'text', 'password'] as Set

    List<String> problems = []

    void check(Node pipeline) {
        pipeline.children.each { if (!TOP.contains(it.name)) problems << "pipeline: unknown section '${it.name}'" }
        def agent = pipeline.child('agent')
        if (!agent) problems << 'pipeline: no agent (use agent none and an agent per stage)'
        else checkAgent('pipeline', agent)
        pipeline.child('parameters')?.children?.each { parameter ->
            if (!PARAMETERS.contains(parameter.name)) problems << "parameters: unknown parameter type '${parameter.name}'"
            if (!parameter.named.name) problems << "parameters: ${parameter.name} without a name"
            if (parameter.name == 'choice' && !(parameter.named.choices instanceof List && parameter.named.choices))
                problems << "parameters: choice ${parameter.named.name} without choices"
        }
        pipeline.child('options')?.children?.each { checkOption('pipeline options', it) }
        checkPost('pipeline', pipeline.child('post'))
        def stages = pipeline.child('stages')
        if (!stages || !stages.children) { problems << 'pipeline: no stages'; return }
        def agentNone = agent?.args == ['<none>']
        stages.children.each { checkStage(it, agentNone) }
        def names = stages.children.collect { it.args ? it.args[0] : null }
        names.findAll { names.count(it) > 1 }.unique().each { problems << "stage '${it}' is declared twice" }
    }

    void checkStage(Node stage, boolean needsAgent) {
        if (stage.name != 'stage' || !(stage.args && stage.args[0] instanceof CharSequence)) {
            problems << "stages: '${stage.name}' is not a named stage"
            return
        }
        def label = "stage '${stage.args[0]}'"
        stage.children.each { if (!STAGE.contains(it.name)) problems << "${label}: unknown section '${it.name}'" }
        def steps = stage.child('steps')
        def nested = stage.child('stages') ?: stage.child('parallel')
        if (!steps && !nested) problems << "${label}: no steps"
        if (steps && !steps.children) problems << "${label}: empty steps"
        if (stage.child('agent')) checkAgent(label, stage.child('agent'))
        else if (needsAgent && steps) problems << "${label}: no agent, and the pipeline's agent is none"
        def when = stage.child('when')
        if (when) checkWhen(label, when)
        def input = stage.child('input')
        if (input) {
            input.children.each { if (!INPUT.contains(it.name)) problems << "${label}: input: unknown key '${it.name}'" }
            if (!input.child('message')?.args) problems << "${label}: input without a message"
            if (!input.child('submitter')?.args?.getAt(0)) problems << "${label}: input not restricted by a submitter"
            if (when && when.child('beforeInput')?.args != [true])
                problems << "${label}: asks for input but decides its when afterwards; add beforeInput true"
        }
        stage.child('options')?.children?.each { checkOption("${label} options", it) }
        stage.child('environment')?.children?.each {
            if (it.name != '=') problems << "${label}: environment: '${it.name}' is not an assignment"
        }
        if (steps) checkSteps(label, steps.children)
        checkPost(label, stage.child('post'))
        nested?.children?.each { checkStage(it, needsAgent && !stage.child('agent')) }
    }

    void checkAgent(String label, Node agent) {
        if (agent.args == ['<none>'] || agent.args == ['<any>']) return
        if (!agent.children) { problems << "${label}: agent names nothing"; return }
        agent.children.each { kind ->
            if (kind.name == 'label' && !kind.args) problems << "${label}: agent label is empty"
            else if (kind.name == 'docker' && !kind.child('image')?.args && !kind.args)
                problems << "${label}: docker agent without an image"
            else if (!(kind.name in ['label', 'docker', 'dockerfile', 'node', 'kubernetes']))
                problems << "${label}: unknown agent type '${kind.name}'"
        }
    }

    void checkWhen(String label, Node when) {
        when.children.each { condition ->
            if (!WHEN.contains(condition.name)) problems << "${label}: when: unknown condition '${condition.name}'"
            if (condition.name in ['allOf', 'anyOf', 'not']) checkWhen(label, condition)
        }
    }

    void checkOption(String label, Node option) {
        if (!OPTIONS.contains(option.name)) problems << "${label}: unknown option '${option.name}'"
        if (option.name == 'lock' && !option.args && !option.named.resource && !option.named.label)
            problems << "${label}: lock without a resource"
    }

    void checkSteps(String label, List<Node> steps) {
        steps.each { step ->
            if (!STEPS.contains(step.name)) problems << "${label}: unknown step '${step.name}'"
            if (step.name == 'sh' && !(step.args?.getAt(0) ?: step.named.script)) problems << "${label}: sh without a script"
            if (step.name == 'lock' && !step.args && !step.named.resource) problems << "${label}: lock without a resource"
            if (step.name == 'junit' && !(step.args || step.named.testResults)) problems << "${label}: junit without results"
            if (step.name != 'script') checkSteps(label, step.children)
        }
    }

    void checkPost(String label, Node post) {
        post?.children?.each { condition ->
            if (!POST.contains(condition.name)) problems << "${label}: post: unknown condition '${condition.name}'"
            checkSteps("${label} post ${condition.name}", condition.children)
        }
    }
}

def json = args.contains('--json')
def failed = false
def models = [:]
args.findAll { it != '--json' }.each { path ->
    def root = new Node(name: 'pipeline')
    def count = 0
    def binding = new Binding()
    binding.setVariable('pipeline', { Closure body ->
        count++
        def copy = body.rehydrate(new Recorder(root), body.owner, body.thisObject)
        copy.resolveStrategy = Closure.DELEGATE_FIRST
        copy.call()
    })
    try {
        def script = new GroovyShell(binding).parse(new File(path))
        Recorder.scriptFunctions = (script.class.declaredMethods*.name - ['run', 'main']) as Set
        script.run()
    } catch (Throwable error) {
        failed = true
        System.err.println "${path}: cannot be evaluated: ${error}"
        return
    }
    def checker = new Checker()
    if (count != 1) checker.problems << "expected one pipeline block, found ${count}"
    else checker.check(root)
    checker.problems.each { System.err.println "${path}: ${it}" }
    if (checker.problems) failed = true
    else if (!json) println "${path}: declarative structure ok (${root.child('stages').children.size()} stages)"
    models[path] = root.toMap()
}
if (json) println JsonOutput.prettyPrint(JsonOutput.toJson(models))
System.exit(failed ? 1 : 0)
