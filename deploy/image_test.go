package deploy

import (
	"encoding/json"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/moby/patternmatcher"
	"github.com/moby/patternmatcher/ignorefile"

	"github.com/iamaudit/iamaudit/internal/testenv"
)

const root = ".."

// instruction is one Dockerfile instruction, continuation lines joined.
type instruction struct {
	keyword string // upper case
	args    string
}

// stage is one FROM ... block of a Dockerfile.
type stage struct {
	from         string
	instructions []instruction
}

func (s stage) all(keyword string) []string {
	var out []string
	for _, in := range s.instructions {
		if in.keyword == keyword {
			out = append(out, in.args)
		}
	}
	return out
}

// readDockerfile splits the Dockerfile into stages. It knows the grammar
// the file uses (comments, backslash continuations), not all of it.
func readDockerfile(t *testing.T) []stage {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(root, "Dockerfile"))
	if err != nil {
		t.Fatal(err)
	}
	var stages []stage
	var cur strings.Builder
	flush := func() {
		line := strings.TrimSpace(cur.String())
		cur.Reset()
		if line == "" {
			return
		}
		kw, args, _ := strings.Cut(line, " ")
		in := instruction{keyword: strings.ToUpper(kw), args: strings.TrimSpace(args)}
		switch {
		case in.keyword == "FROM":
			stages = append(stages, stage{from: in.args})
		case len(stages) > 0:
			stages[len(stages)-1].instructions = append(stages[len(stages)-1].instructions, in)
		case in.keyword != "ARG":
			t.Errorf("Dockerfile: %s before the first FROM", in.keyword)
		}
	}
	for _, line := range strings.Split(string(data), "\n") {
		if strings.HasPrefix(strings.TrimSpace(line), "#") {
			continue
		}
		if body, ok := strings.CutSuffix(line, "\\"); ok {
			cur.WriteString(body + " ")
			continue
		}
		cur.WriteString(line)
		flush()
	}
	flush()
	return stages
}

// stampedVars are the package-level variables of cmd/iamaudit/version.go
// that -X can set: the names the build commands must use.
func stampedVars(t *testing.T) []string {
	t.Helper()
	f, err := parser.ParseFile(token.NewFileSet(), filepath.Join(root, "cmd", "iamaudit", "version.go"), nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, d := range f.Decls {
		if g, ok := d.(*ast.GenDecl); ok && g.Tok == token.VAR {
			for _, s := range g.Specs {
				for _, n := range s.(*ast.ValueSpec).Names {
					names = append(names, "main."+n.Name)
				}
			}
		}
	}
	return names
}

var ldflagX = regexp.MustCompile(`-X ([\w.]+)=`)

// checkStamps: a build command stamps exactly version, commit and date, each
// into a variable that exists.
func checkStamps(t *testing.T, where, cmd string) {
	t.Helper()
	var set []string
	for _, m := range ldflagX.FindAllStringSubmatch(cmd, -1) {
		set = append(set, m[1])
	}
	slices.Sort(set)
	want := []string{"main.commit", "main.date", "main.version"}
	if !slices.Equal(set, want) {
		t.Errorf("%s stamps %q, want %q", where, set, want)
	}
	vars := stampedVars(t)
	for _, v := range set {
		if !slices.Contains(vars, v) {
			t.Errorf("%s: -X %s names no variable of cmd/iamaudit/version.go (%q)", where, v, vars)
		}
	}
}

func TestDockerfile(t *testing.T) {
	stages := readDockerfile(t)
	if len(stages) < 2 {
		t.Fatalf("%d stages, want a builder and a final stage", len(stages))
	}
	build, final := stages[0], stages[len(stages)-1]
	if !strings.Contains(build.from, "golang:") {
		t.Errorf("builder stage FROM %q, want a golang image", build.from)
	}
	var goBuild string
	for _, r := range build.all("RUN") {
		if strings.Contains(r, "go build") {
			goBuild = r
		}
	}
	for _, want := range []string{"CGO_ENABLED=0", "-trimpath", "./cmd/iamaudit"} {
		if !strings.Contains(goBuild, want) {
			t.Errorf("builder's go build lacks %s: %q", want, goBuild)
		}
	}
	checkStamps(t, "Dockerfile", goBuild)
	for _, arg := range []string{"VERSION", "COMMIT", "DATE"} {
		if !slices.ContainsFunc(build.all("ARG"), func(a string) bool { return strings.HasPrefix(a, arg+"=") || a == arg }) || !strings.Contains(goBuild, "${"+arg+"}") {
			t.Errorf("build arg %s is not declared in the builder stage or not used by go build", arg)
		}
	}

	if f := final.from; f != "gcr.io/distroless/static-debian12:nonroot" && f != "scratch" {
		t.Errorf("final stage FROM %q, want distroless static (with CA certificates) or scratch", f)
	}
	if f := final.from; f == "scratch" && !slices.ContainsFunc(final.all("COPY"), func(c string) bool { return strings.Contains(c, "ca-certificates") }) {
		t.Error("a scratch final stage must copy CA certificates for the AWS endpoints")
	}
	if users := final.all("USER"); len(users) != 1 || !strings.HasPrefix(users[0], strconv.Itoa(imageUID)) {
		t.Errorf("final stage USER %q, want %d (non-root)", users, imageUID)
	}
	if len(final.all("WORKDIR")) == 0 {
		t.Error("final stage has no WORKDIR for reports")
	}
	eps := final.all("ENTRYPOINT")
	var ep []string
	if len(eps) != 1 || json.Unmarshal([]byte(eps[0]), &ep) != nil || !slices.Equal(ep, []string{"iamaudit"}) {
		t.Errorf(`final stage ENTRYPOINT %q, want exactly ["iamaudit"] (exec form: no shell in the image)`, eps)
	}
}

// TestReadmeBuildCommand: the build command README documents stamps the
// same variables.
func TestReadmeBuildCommand(t *testing.T) {
	data, err := os.ReadFile(filepath.Join(root, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	var cmd string
	for _, line := range strings.Split(string(data), "\n") {
		if strings.Contains(line, "go build") && strings.Contains(line, "-ldflags") {
			cmd = line
		}
	}
	if cmd == "" {
		t.Fatal("README documents no go build -ldflags command")
	}
	checkStamps(t, "README", cmd)
}

// contextFiles lists the files docker would send as the build context: the
// tracked files that .dockerignore does not exclude.
func contextFiles(t *testing.T) (kept, dropped []string) {
	t.Helper()
	f, err := os.Open(filepath.Join(root, ".dockerignore"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	patterns, err := ignorefile.ReadAll(f)
	if err != nil {
		t.Fatal(err)
	}
	pm, err := patternmatcher.New(patterns)
	if err != nil {
		t.Fatal(err)
	}
	for _, file := range trackedFiles(t) {
		skip, err := pm.MatchesOrParentMatches(file)
		if err != nil {
			t.Fatal(err)
		}
		if skip {
			dropped = append(dropped, file)
		} else {
			kept = append(kept, file)
		}
	}
	return kept, dropped
}

// TestDockerContextBuilds copies the build context .dockerignore leaves and
// runs the Dockerfile's build in it, so an ignore pattern cannot drop a file
// the build needs. Tests and test data stay out of the image's context.
func TestDockerContextBuilds(t *testing.T) {
	goBin := testenv.SlowCommand(t, "go", "builds the binary")
	kept, dropped := contextFiles(t)
	for _, must := range []string{"go.mod", "go.sum", "LICENSE", "cmd/iamaudit/main.go"} {
		if !slices.Contains(kept, must) {
			t.Errorf(".dockerignore drops %s, which the Dockerfile needs", must)
		}
	}
	for _, f := range kept {
		if strings.HasSuffix(f, "_test.go") || strings.Contains(f, "testdata/") {
			t.Errorf(".dockerignore keeps %s: tests do not belong in the image's build context", f)
		}
	}
	if len(dropped) == 0 {
		t.Error(".dockerignore drops nothing")
	}
	dir := t.TempDir()
	for _, f := range kept {
		data, err := os.ReadFile(filepath.Join(root, f))
		if err != nil {
			t.Fatal(err)
		}
		dst := filepath.Join(dir, f)
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(dst, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	build := exec.Command(goBin, "build", "-trimpath", "-buildvcs=false", "-o", filepath.Join(t.TempDir(), "iamaudit"), "./cmd/iamaudit")
	build.Dir = dir
	build.Env = append(os.Environ(), "CGO_ENABLED=0", "GOFLAGS=-mod=readonly")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build in the docker context: %v\n%s", err, out)
	}
}

// TestDockerBuild builds and runs the image where a container engine is
// available. This machine's docker has no engine, so it skips here.
func TestDockerBuild(t *testing.T) {
	docker := testenv.SlowCommand(t, "docker", "builds an image")
	if out, err := exec.Command(docker, "info").CombinedOutput(); err != nil {
		lines := strings.Split(strings.TrimSpace(string(out)), "\n")
		t.Skipf("no container engine to build the image with (docker info: %v: %s)", err, strings.TrimSpace(lines[len(lines)-1]))
	}
	tag := "iamaudit-test:" + strconv.Itoa(os.Getpid())
	build := exec.Command(docker, "build", "-t", tag,
		"--build-arg", "VERSION=v0.0.0-test", "--build-arg", "COMMIT=0123456789ab", "--build-arg", "DATE=2026-11-29T20:00:00Z", root)
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("docker build: %v\n%s", err, out)
	}
	t.Cleanup(func() { _ = exec.Command(docker, "image", "rm", "-f", tag).Run() })
	out, err := exec.Command(docker, "run", "--rm", tag, "--version").Output()
	if want := "iamaudit v0.0.0-test (commit 0123456789ab, built 2026-11-29T20:00:00Z) "; err != nil || !strings.HasPrefix(string(out), want) {
		t.Errorf("docker run --version: %q (%v), want it to start with %q", out, err, want)
	}
	user, err := exec.Command(docker, "image", "inspect", "--format", "{{.Config.User}}", tag).Output()
	if err != nil || !strings.HasPrefix(strings.TrimSpace(string(user)), strconv.Itoa(imageUID)) {
		t.Errorf("image user %q (%v), want %d", user, err, imageUID)
	}
}
