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
	"lambda-001": kindJudged, "cloudformation-001": kindJudged,
	"ec2-001": kindAsked, "lambda-003": kindAsked,
	"lambda-004": kindInventory, "lambda-005": kindInventory, "apprunner-002": kindInventory,
	"bedrock-002": kindInventory, "cloudformation-002": kindInventory, "cloudformation-004": kindInventory,
	"cloudformation-005": kindInventory, "codebuild-002": kindInventory, "codebuild-003": kindInventory,
	"ec2instanceconnect-003": kindInventory, "ec2-002": kindInventory, "ec2-004": kindInventory,
	"glue-002": kindInventory, "glue-005": kindInventory, "glue-006": kindInventory,
	"sagemaker-004": kindInventory, "sagemaker-005": kindInventory, "ssm-001": kindInventory, "ssm-002": kindInventory,
	"apprunner-001": kindNotYet, "bedrock-001": kindNotYet, "cloudformation-003": kindNotYet,
	"codebuild-001": kindNotYet, "codebuild-004": kindNotYet, "datapipeline-001": kindNotYet,
	"ec2-003": kindNotYet, "ecs-001": kindNotYet, "ecs-002": kindNotYet, "ecs-003": kindNotYet,
	"ecs-004": kindNotYet, "ecs-005": kindNotYet, "glue-001": kindNotYet, "glue-003": kindNotYet,
	"glue-004": kindNotYet, "lambda-002": kindNotYet, "lambda-006": kindNotYet,
	"sagemaker-001": kindNotYet, "sagemaker-002": kindNotYet, "sagemaker-003": kindNotYet,
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
