package deploy

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/iamaudit/iamaudit/internal/shard"
	"github.com/rhysd/actionlint"
	"github.com/robfig/cron/v3"
	"gopkg.in/yaml.v3"
	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	sigsjson "sigs.k8s.io/json"
	k8syaml "sigs.k8s.io/yaml"
)

const (
	cronJobFile  = "kubernetes/cronjob.yaml"
	workflowFile = "github-actions/iamaudit-nightly.yml"
	// imageUID is the user the Dockerfile's final stage runs as.
	imageUID = 65532
)

// yamlDocuments reads every YAML document of a file, each re-encoded on its
// own so it can be decoded strictly into an API type.
func yamlDocuments(t *testing.T, file string) [][]byte {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var docs [][]byte
	for {
		var n yaml.Node
		err := dec.Decode(&n)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("%s: document %d: %v", file, len(docs)+1, err)
		}
		out, err := yaml.Marshal(&n)
		if err != nil {
			t.Fatalf("%s: document %d: %v", file, len(docs)+1, err)
		}
		docs = append(docs, out)
	}
	if len(docs) == 0 {
		t.Fatalf("%s: no YAML document", file)
	}
	return docs
}

// manifestKind is a document's "apiVersion kind".
func manifestKind(t *testing.T, i int, doc []byte) string {
	t.Helper()
	var head struct {
		APIVersion string `json:"apiVersion"`
		Kind       string `json:"kind"`
	}
	if err := k8syaml.Unmarshal(doc, &head); err != nil {
		t.Fatalf("document %d: %v", i+1, err)
	}
	return head.APIVersion + " " + head.Kind
}

// decodeStrict decodes one manifest document into obj as the API server
// does: case-sensitive and strict (encoding/json alone would take
// readOnlyRootFileSystem for readOnlyRootFilesystem).
func decodeStrict(t *testing.T, doc []byte, obj any, where string) {
	t.Helper()
	js, err := k8syaml.YAMLToJSON(doc)
	if err != nil {
		t.Fatalf("%s: %v", where, err)
	}
	strict, err := sigsjson.UnmarshalStrict(js, obj, sigsjson.DisallowDuplicateFields, sigsjson.DisallowUnknownFields)
	if err != nil {
		t.Fatalf("%s: %v", where, err)
	}
	for _, e := range strict {
		t.Errorf("%s: %v", where, e)
	}
}

// TestEveryManifestParses: every YAML file under deploy/ is YAML.
func TestEveryManifestParses(t *testing.T) {
	var files []string
	err := filepath.WalkDir(".", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && (strings.HasSuffix(p, ".yaml") || strings.HasSuffix(p, ".yml")) {
			files = append(files, p)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(files, cronJobFile) || !slices.Contains(files, workflowFile) {
		t.Fatalf("found %q, want %s and %s among them", files, cronJobFile, workflowFile)
	}
	for _, f := range files {
		yamlDocuments(t, f)
	}
}

// cronJobManifest is the decoded content of the CronJob example.
type cronJobManifest struct {
	cronJob        *batchv1.CronJob
	serviceAccount *corev1.ServiceAccount
	claims         map[string]bool
}

// decodeManifests decodes every document of file strictly into its
// Kubernetes API type: objFor returns the object for the kinds the test
// keeps (nil for the rest); a Namespace, ServiceAccount or
// PersistentVolumeClaim it does not keep is still decoded, and any other
// kind fails the test.
func decodeManifests(t *testing.T, file string, objFor func(kind string) any) {
	t.Helper()
	for i, doc := range yamlDocuments(t, file) {
		kind := manifestKind(t, i, doc)
		obj := objFor(kind)
		if obj == nil {
			switch kind {
			case "v1 Namespace":
				obj = &corev1.Namespace{}
			case "v1 ServiceAccount":
				obj = &corev1.ServiceAccount{}
			case "v1 PersistentVolumeClaim":
				obj = &corev1.PersistentVolumeClaim{}
			default:
				t.Fatalf("%s document %d: unexpected %s", file, i+1, kind)
			}
		}
		decodeStrict(t, doc, obj, fmt.Sprintf("document %d (%s)", i+1, kind))
	}
}

// loadCronJobManifest decodes each document strictly into its Kubernetes API
// type: a misspelt or misplaced field fails here, not in a cluster.
func loadCronJobManifest(t *testing.T) cronJobManifest {
	t.Helper()
	m := cronJobManifest{claims: map[string]bool{}}
	var pvcs []*corev1.PersistentVolumeClaim
	decodeManifests(t, cronJobFile, func(kind string) any {
		switch kind {
		case "v1 ServiceAccount":
			m.serviceAccount = &corev1.ServiceAccount{}
			return m.serviceAccount
		case "v1 PersistentVolumeClaim":
			pvcs = append(pvcs, &corev1.PersistentVolumeClaim{})
			return pvcs[len(pvcs)-1]
		case "batch/v1 CronJob":
			m.cronJob = &batchv1.CronJob{}
			return m.cronJob
		}
		return nil
	})
	for _, pvc := range pvcs {
		m.claims[pvc.Name] = true
	}
	if m.cronJob == nil || m.serviceAccount == nil {
		t.Fatalf("%s needs a CronJob and its ServiceAccount", cronJobFile)
	}
	return m
}

func TestKubernetesCronJob(t *testing.T) {
	m := loadCronJobManifest(t)
	cj := m.cronJob
	if _, err := cron.ParseStandard(cj.Spec.Schedule); err != nil {
		t.Errorf("schedule %q: %v", cj.Spec.Schedule, err)
	}
	if cj.Spec.ConcurrencyPolicy != batchv1.ForbidConcurrent {
		t.Errorf("concurrencyPolicy %q: two scans at once would share the account's IAM rate", cj.Spec.ConcurrencyPolicy)
	}
	job := cj.Spec.JobTemplate.Spec
	if job.ActiveDeadlineSeconds == nil {
		t.Error("no activeDeadlineSeconds: a stuck run would never end")
	}
	pod := job.Template.Spec
	if pod.ServiceAccountName != m.serviceAccount.Name || pod.ServiceAccountName == "" {
		t.Errorf("pod runs as ServiceAccount %q; the manifest defines %q", pod.ServiceAccountName, m.serviceAccount.Name)
	}
	if !strings.HasPrefix(m.serviceAccount.Annotations["eks.amazonaws.com/role-arn"], "arn:aws:iam::") {
		t.Error("ServiceAccount has no IRSA role annotation (eks.amazonaws.com/role-arn)")
	}
	if pod.RestartPolicy != corev1.RestartPolicyNever {
		t.Errorf("restartPolicy %q: a Job's failure must stay visible (and podFailurePolicy needs Never)", pod.RestartPolicy)
	}
	psc := pod.SecurityContext
	if psc == nil || psc.RunAsNonRoot == nil || !*psc.RunAsNonRoot || psc.RunAsUser == nil || *psc.RunAsUser != imageUID {
		t.Errorf("pod securityContext must set runAsNonRoot: true and runAsUser: %d (the image's user)", imageUID)
	}
	if len(pod.Containers) != 1 {
		t.Fatalf("%d containers, want 1", len(pod.Containers))
	}
	c := pod.Containers[0]
	if c.Image == "" || len(c.Args) == 0 || c.Args[0] != "scan" {
		t.Errorf("container image %q args %q: want an image and 'scan' arguments", c.Image, c.Args)
	}
	sc := c.SecurityContext
	if sc == nil || sc.ReadOnlyRootFilesystem == nil || !*sc.ReadOnlyRootFilesystem ||
		sc.RunAsNonRoot == nil || !*sc.RunAsNonRoot ||
		sc.AllowPrivilegeEscalation == nil || *sc.AllowPrivilegeEscalation {
		t.Error("container securityContext must set readOnlyRootFilesystem: true, runAsNonRoot: true, allowPrivilegeEscalation: false")
	}
	if c.Resources.Requests.Memory().IsZero() || c.Resources.Limits.Memory().IsZero() {
		t.Error("container has no memory request and limit")
	}
	// The report is written to a mounted volume backed by the manifest's claim.
	var output string
	for _, a := range c.Args {
		if v, ok := strings.CutPrefix(a, "--output="); ok {
			output = v
		}
	}
	if output == "" {
		t.Fatalf("args %q write no report file (--output=...)", c.Args)
	}
	dir, mounted := path.Dir(output), false
	for _, vm := range c.VolumeMounts {
		for _, v := range pod.Volumes {
			if v.Name == vm.Name && vm.MountPath == dir && !vm.ReadOnly && v.PersistentVolumeClaim != nil && m.claims[v.PersistentVolumeClaim.ClaimName] {
				mounted = true
			}
		}
	}
	if !mounted {
		t.Errorf("report directory %s is not a writable mount of a PersistentVolumeClaim defined in %s", dir, cronJobFile)
	}
	// $(VAR) in args is expanded only from the container's env.
	for _, a := range c.Args {
		for _, part := range strings.Split(a, "$(")[1:] {
			name, _, _ := strings.Cut(part, ")")
			if !slices.ContainsFunc(c.Env, func(e corev1.EnvVar) bool { return e.Name == name }) {
				t.Errorf("arg %q uses $(%s), which the container's env does not define", a, name)
			}
		}
	}
}

// workflow is the part of a GitHub Actions workflow the test reads.
type workflow struct {
	// On maps each trigger to its settings; workflow_dispatch has none.
	On          map[string]yaml.Node `yaml:"on"`
	Permissions map[string]string    `yaml:"permissions"`
	Jobs        map[string]struct {
		Steps []struct {
			Name string            `yaml:"name"`
			Uses string            `yaml:"uses"`
			Run  string            `yaml:"run"`
			With map[string]string `yaml:"with"`
		} `yaml:"steps"`
	} `yaml:"jobs"`
}

func TestGitHubWorkflow(t *testing.T) {
	data, err := os.ReadFile(workflowFile)
	if err != nil {
		t.Fatal(err)
	}
	var wf workflow
	if err := yaml.Unmarshal(data, &wf); err != nil {
		t.Fatal(err)
	}
	var schedule []struct{ Cron string }
	if n, ok := wf.On["schedule"]; ok {
		if err := n.Decode(&schedule); err != nil {
			t.Errorf("on.schedule: %v", err)
		}
	}
	if _, ok := wf.On["workflow_dispatch"]; len(schedule) == 0 || !ok {
		t.Error("want on.schedule and on.workflow_dispatch")
	}
	for _, s := range schedule {
		if _, err := cron.ParseStandard(s.Cron); err != nil {
			t.Errorf("on.schedule cron %q: %v", s.Cron, err)
		}
	}
	for perm, want := range map[string]string{"id-token": "write", "security-events": "write", "actions": "read"} {
		if wf.Permissions[perm] != want {
			t.Errorf("permissions.%s = %q, want %q", perm, wf.Permissions[perm], want)
		}
	}
	job, ok := wf.Jobs["scan"]
	if !ok || len(job.Steps) == 0 {
		t.Fatal("no jobs.scan steps")
	}
	uses := func(action string) int {
		return slices.IndexFunc(job.Steps, func(s struct {
			Name string            `yaml:"name"`
			Uses string            `yaml:"uses"`
			Run  string            `yaml:"run"`
			With map[string]string `yaml:"with"`
		}) bool {
			return strings.HasPrefix(s.Uses, action+"@")
		})
	}
	runs := func(substr string) int {
		for i, s := range job.Steps {
			if strings.Contains(s.Run, substr) {
				return i
			}
		}
		return -1
	}
	creds, sarif, artifact := uses("aws-actions/configure-aws-credentials"), uses("github/codeql-action/upload-sarif"), uses("actions/upload-artifact")
	collect, write := runs("iamaudit collect"), runs("-f sarif -o ")
	switch {
	case creds < 0 || job.Steps[creds].With["role-to-assume"] == "":
		t.Error("no configure-aws-credentials step with role-to-assume (OIDC)")
	case collect < creds:
		t.Error("evidence is collected before the role is assumed")
	case sarif < 0 || write < 0 || sarif < write:
		t.Error("want a step writing SARIF (-f sarif -o FILE) followed by upload-sarif")
	case !strings.Contains(job.Steps[write].Run, "-o "+job.Steps[sarif].With["sarif_file"]):
		t.Errorf("upload-sarif uploads %q, which no scan writes", job.Steps[sarif].With["sarif_file"])
	case artifact < 0 || !strings.Contains(job.Steps[runs("gh run download")].Run, "--name "+job.Steps[artifact].With["name"]+" "):
		t.Error("the baseline download does not fetch the artifact the workflow uploads")
	}
	gate := job.Steps[len(job.Steps)-1].Run
	if !strings.Contains(gate, "iamaudit scan") || !strings.Contains(gate, "--baseline") || !strings.Contains(gate, "--fail-on-new") {
		t.Errorf("the last step should gate with iamaudit scan --baseline ... --fail-on-new; it runs:\n%s", gate)
	}

	// actionlint checks what the structure above cannot: expressions,
	// contexts, permission names, known actions' inputs.
	// With shellcheck installed it also checks the run: scripts.
	opts := &actionlint.LinterOptions{}
	if sc, err := exec.LookPath("shellcheck"); err == nil {
		opts.Shellcheck = sc
	} else {
		t.Log("shellcheck not installed: the workflow's run: scripts are not linted")
	}
	var out bytes.Buffer
	l, err := actionlint.NewLinter(&out, opts)
	if err != nil {
		t.Fatal(err)
	}
	errs, err := l.Lint(workflowFile, data, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range errs {
		t.Errorf("actionlint: %s", e)
	}
}

const indexedJobFile = "kubernetes/indexed-job.yaml"

// TestKubernetesIndexedJob: the organization Indexed Job decodes strictly;
// its --shard takes JOB_COMPLETION_INDEX out of completions, which the CLI
// accepts for every index and which partitions the accounts; the merge Job
// joins exactly the files the shards write.
func TestKubernetesIndexedJob(t *testing.T) {
	var jobs []*batchv1.Job
	decodeManifests(t, indexedJobFile, func(kind string) any {
		if kind != "batch/v1 Job" {
			return nil
		}
		jobs = append(jobs, &batchv1.Job{})
		return jobs[len(jobs)-1]
	})
	if len(jobs) != 2 {
		t.Fatalf("%s: %d Jobs, want the shards' and the merge's", indexedJobFile, len(jobs))
	}
	shards, merge := jobs[0], jobs[1]
	if shards.Spec.CompletionMode == nil || *shards.Spec.CompletionMode != batchv1.IndexedCompletion || shards.Spec.Completions == nil {
		t.Fatalf("the shard Job is not an Indexed Job with completions")
	}
	n := int(*shards.Spec.Completions)
	c := shards.Spec.Template.Spec.Containers[0]
	var shardArg, output string
	for _, a := range c.Args {
		if v, ok := strings.CutPrefix(a, "--shard="); ok {
			shardArg = v
		}
		if v, ok := strings.CutPrefix(a, "--output="); ok {
			output = v
		}
	}
	if !slices.Contains(c.Args, "--org") || !strings.Contains(shardArg, "$(JOB_COMPLETION_INDEX)") || !strings.Contains(output, "$(JOB_COMPLETION_INDEX)") {
		t.Fatalf("shard args %q: want --org, --shard and --output from $(JOB_COMPLETION_INDEX)", c.Args)
	}
	if !slices.ContainsFunc(c.Env, func(e corev1.EnvVar) bool {
		return e.Name == "JOB_COMPLETION_INDEX" && e.ValueFrom != nil && e.ValueFrom.FieldRef != nil &&
			e.ValueFrom.FieldRef.FieldPath == "metadata.annotations['batch.kubernetes.io/job-completion-index']"
	}) {
		t.Error("JOB_COMPLETION_INDEX is not declared from the job-completion-index annotation")
	}
	// Indexes run 0..completions-1: each is a shard the CLI accepts, of N =
	// completions, and together they partition any account list.
	ids := make([]string, 1000)
	for i := range ids {
		ids[i] = fmt.Sprintf("%012d", 200000000000+i*104729)
	}
	seen := map[string]int{}
	var files []string
	for i := 0; i < n; i++ {
		spec, err := shard.Parse(strings.ReplaceAll(shardArg, "$(JOB_COMPLETION_INDEX)", strconv.Itoa(i)))
		if err != nil || spec.Index != i || spec.Count != n {
			t.Fatalf("index %d: --shard=%s is %v, %v; want shard %d of %d", i, shardArg, spec, err, i, n)
		}
		for _, id := range spec.Filter(ids) {
			seen[id]++
		}
		files = append(files, strings.ReplaceAll(output, "$(JOB_COMPLETION_INDEX)", strconv.Itoa(i)))
	}
	if _, err := shard.Parse(strings.ReplaceAll(shardArg, "$(JOB_COMPLETION_INDEX)", strconv.Itoa(n))); err == nil {
		t.Errorf("--shard=%s accepts index %d, beyond completions", shardArg, n)
	}
	for _, id := range ids {
		if seen[id] != 1 {
			t.Fatalf("account %s is in %d shards", id, seen[id])
		}
	}
	if p := shards.Spec.Parallelism; p == nil || int(*p) > n {
		t.Errorf("parallelism %v exceeds completions %d", p, n)
	}
	mc := merge.Spec.Template.Spec.Containers[0]
	if len(mc.Args) == 0 || mc.Args[0] != "merge" {
		t.Fatalf("merge Job args %q", mc.Args)
	}
	var inputs []string
	for _, a := range mc.Args[1:] {
		if !strings.HasPrefix(a, "-") {
			inputs = append(inputs, a)
		}
	}
	if !slices.Equal(inputs, files) {
		t.Errorf("merge joins %q, the shards write %q", inputs, files)
	}
}
