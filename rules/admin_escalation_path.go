package rules

import (
	"fmt"
	"strings"

	"github.com/iamaudit/iamaudit/audit"
	"github.com/iamaudit/iamaudit/result"
	"github.com/iamaudit/iamaudit/rules/policy"
)

// AdminEscalationPath reports every user and role that is not admin but can
// become admin: the shortest path hop by hop, each hop quoting the
// statements that grant it, and the count of other first steps that also
// lead there (see helpers_admins.go for the graph, its edge kinds and the
// decisions on SCPs and trust). A path resting on a condition, a resource or
// a document the evidence does not settle is UNKNOWN with the question;
// never a PASS on a guess. It is iamaudit's own rule and maps to no CIS
// control: CIS judges policies one at a time.
var AdminEscalationPath = Rule{
	ID:       "IAM-ADMIN-ESCALATION-PATH",
	Title:    "No non-admin principal has a path to administrator access",
	Severity: result.High,
	Rationale: "A principal that can attach a policy to itself, rewrite a role's trust, create credentials " +
		"for an admin user or pass an admin role to a service it controls is an administrator in all but " +
		"name. Access reviews that count only direct admins miss it; escalations split across policies, " +
		"groups and roles are only visible when the principal's permissions are combined.",
	Remediation: "Remove the permission of the first hop (or scope it away from the principal itself, its " +
		"groups, its policies and admin principals), or attach a permissions boundary that excludes IAM " +
		"writes; require MFA in the admin role's trust policy.",
	RemediationCLI: []string{
		"aws iam put-user-permissions-boundary --user-name <user> --permissions-boundary <boundary-policy-arn>",
		"aws iam put-role-permissions-boundary --role-name <role> --permissions-boundary <boundary-policy-arn>",
	},
	References: []string{
		"https://pathfinding.cloud",
		"https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html",
		"https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html",
	},
	Evidence: []audit.Evidence{audit.EvidenceAuthorization, audit.EvidenceCallerIdentity},
	Optional: []audit.Evidence{audit.EvidenceCredentialReport, audit.EvidenceAccountSummary, audit.EvidenceOrganization},
	Check:    checkAdminEscalationPath,
}

func checkAdminEscalationPath(ctx *Context) []result.Result {
	g, _ := ctx.adminGraph()
	if g == nil {
		_, unknown := newAZIndex(ctx, "paths to admin")
		return unknown
	}
	var out []result.Result
	for i := range g.nodes {
		if g.nodes[i].p.serviceLinked() {
			continue
		}
		out = append(out, g.escalationResult(ctx, i))
	}
	if len(out) == 0 {
		return azAccountPass(ctx, "the account has no IAM users and no customer roles")
	}
	return out
}

func (g *adminGraph) escalationResult(ctx *Context, i int) result.Result {
	n := &g.nodes[i]
	sb := subject{n.p.Type, n.p.ARN, n.p.Name}
	switch {
	case n.admin.Answer == policy.Yes:
		return sb.pass("is itself admin: " + g.adminWhy(i) + "; IAM-ADMIN-UNPROTECTED judges its protections")
	case len(n.gaps) > 0:
		what := "what it can do is not known: " + strings.Join(n.gaps, "; ")
		if g.dist[i] > 0 {
			what += "; from what was seen: " + g.pathText(i)
		}
		return sb.missing(ctx, what, audit.EvidenceAuthorization)
	case g.dist[i] > 0:
		return sb.fail(g.pathText(i))
	case g.maybe[i]:
		return sb.unknown("may be able to become admin: " + g.maybeWhy(i))
	}
	if g.noPath == "" {
		g.noPath = fmt.Sprintf("no path to admin: it is not admin and none of the %d pathfinding.cloud path kinds judged (policy writes on itself, its groups, its policies and principals it can act as; group membership; role assumption and trust rewrites; access keys and console passwords of other users; PassRole to Lambda, CloudFormation, EC2, ECS, Glue, SageMaker, CodeBuild, App Runner, Bedrock AgentCore and Data Pipeline) leads to an admin; paths through existing resources (instances, functions, stacks) are not in the evidence", judgedKinds())
	}
	return sb.pass(g.noPath)
}

// pathText renders node i's shortest path for a reason (once: both rules
// and the inventory quote it).
func (g *adminGraph) pathText(i int) string {
	return rendered(&g.texts, i, g.renderPath)
}

func (g *adminGraph) renderPath(i int) string {
	hops := g.path(i)
	var b strings.Builder
	fmt.Fprintf(&b, "can become admin in %d step(s): ", len(hops))
	for k, e := range hops {
		if k > 0 {
			b.WriteString("; ")
		}
		fmt.Fprintf(&b, "%d. %s", k+1, g.describe(e))
	}
	last := hops[len(hops)-1]
	if last.to >= 0 {
		fmt.Fprintf(&b, "; %s is admin: %s", g.nodes[last.to].p.label(), g.adminWhy(last.to))
	}
	if o := g.otherPaths(i); o > 0 && g.capped[i] {
		fmt.Fprintf(&b, "; at least %d other path(s) (the search stops at %d)", o, maxYesEdges)
	} else if o > 0 {
		fmt.Fprintf(&b, "; %d other path(s)", o)
	}
	if c := g.scpCaveat(hops); c != "" {
		b.WriteString("; " + c)
	}
	return b.String()
}
