package rules

// How iamaudit treats each path kind of the pathfinding.cloud catalog
// (DataDog/pathfinding.cloud, Apache-2.0; data/paths at commit 84dd65c,
// 2025-12-17). The list is kept by hand; a test holds the graph's edges to
// it.
const (
	// kindJudged: an edge of the graph, answered YES or NO from the evidence.
	kindJudged = "judged"
	// kindAsked: an edge of the graph that needs a resource the evidence does
	// not list; it is MAYBE with the question to ask (the result is UNKNOWN).
	kindAsked = "asked (needs resource inventory)"
	// kindInventory: not an edge: it needs existing resources (instances,
	// stacks, projects, notebooks, sessions) the evidence does not list.
	kindInventory = "not judged: needs resource inventory"
	// kindNotYet: could be judged from the evidence but is not implemented.
	kindNotYet = "not judged: not implemented"
)

var pathKinds = map[string]string{
	"iam-001": kindJudged, "iam-002": kindJudged, "iam-003": kindJudged, "iam-004": kindJudged,
	"iam-005": kindJudged, "iam-006": kindJudged, "iam-007": kindJudged, "iam-008": kindJudged,
	"iam-009": kindJudged, "iam-010": kindJudged, "iam-011": kindJudged, "iam-012": kindJudged,
	"iam-013": kindJudged, "iam-014": kindJudged, "iam-015": kindJudged, "iam-016": kindJudged,
	"iam-017": kindJudged, "iam-018": kindJudged, "iam-019": kindJudged, "iam-020": kindJudged,
	"iam-021": kindJudged, "sts-001": kindJudged,
	"lambda-001": kindJudged, "lambda-006": kindJudged, "cloudformation-001": kindJudged, "cloudformation-003": kindJudged,
	"ecs-001": kindJudged, "ecs-002": kindJudged, "glue-001": kindJudged, "glue-003": kindJudged, "glue-004": kindJudged,
	"sagemaker-001": kindJudged, "sagemaker-002": kindJudged, "sagemaker-003": kindJudged,
	"codebuild-001": kindJudged, "codebuild-004": kindJudged, "apprunner-001": kindJudged, "bedrock-001": kindJudged,
	// ec2-001, ec2-003: judged from the role's instance profiles; asked only
	// when they were not collected (evidence written before iamaudit read them).
	"ec2-001": kindJudged, "ec2-003": kindJudged, "lambda-002": kindAsked, "lambda-003": kindAsked,
	"ecs-003": kindAsked, "ecs-004": kindAsked, "ecs-005": kindAsked, "datapipeline-001": kindAsked,
	"lambda-004": kindInventory, "lambda-005": kindInventory, "apprunner-002": kindInventory,
	"bedrock-002": kindInventory, "cloudformation-002": kindInventory, "cloudformation-004": kindInventory,
	"cloudformation-005": kindInventory, "codebuild-002": kindInventory, "codebuild-003": kindInventory,
	"ec2instanceconnect-003": kindInventory, "ec2-002": kindInventory, "ec2-004": kindInventory,
	"glue-002": kindInventory, "glue-005": kindInventory, "glue-006": kindInventory,
	"sagemaker-004": kindInventory, "sagemaker-005": kindInventory, "ssm-001": kindInventory, "ssm-002": kindInventory,
}

// judgedKinds counts the path kinds the graph implements.
func judgedKinds() int {
	n := 0
	for _, k := range pathKinds {
		if k == kindJudged || k == kindAsked {
			n++
		}
	}
	return n
}
