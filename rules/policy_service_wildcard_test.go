package rules

import (
	"testing"

	"github.com/iamaudit/iamaudit/audit"
	"github.com/iamaudit/iamaudit/result"
)

func TestServiceWildcard(t *testing.T) {
	nonDefault := polOldVersion("old", polS3StarDoc)
	s := polSnap(&audit.AuthorizationDetails{Policies: []audit.ManagedPolicy{
		polCustomer("s3-star", polS3StarDoc, 1),
		polCustomer("s3-star-unattached", polS3StarDoc, 0),
		polCustomer("prefixed", `{"Statement":{"Effect":"Allow","Action":["ec2:Describe*","s3:Get*"],"Resource":"*"}}`, 1),
		polCustomer("mixed-case", `{"Statement":{"Effect":"Allow","Action":"IAM:*","Resource":"*","Condition":{"StringEquals":{"aws:RequestedRegion":"eu-west-1"}}}}`, 1),
		polCustomer("notaction", `{"Statement":{"Effect":"Allow","NotAction":["iam:*"],"Resource":"*"}}`, 1),
		polCustomer("deny-star", `{"Statement":{"Effect":"Deny","Action":"s3:*","Resource":"*"}}`, 1),
		polCustomer("admin", polAdminDoc, 1),
		polCustomer("broken", `{"Statement":[{"Effect":"Allow"}]}`, 1),
		nonDefault,
		polAWSManaged("AmazonS3FullAccess", polS3StarDoc), // AWS-managed: out of scope
	}})
	runRule(t, ServiceWildcard, s, []ruleWant{
		{polPolicyARN("s3-star"), result.Fail, []string{`Statement[0] allows "s3:*"`}},
		{polPolicyARN("s3-star-unattached"), result.Fail, []string{"not attached"}},
		{polPolicyARN("prefixed"), result.Pass, nil},
		{polPolicyARN("mixed-case"), result.Fail, []string{`"IAM:*" (conditional)`}},
		{polPolicyARN("notaction"), result.Fail, []string{"Allow + NotAction"}},
		{polPolicyARN("deny-star"), result.Pass, nil},
		{polPolicyARN("admin"), result.Fail, []string{`allows "*"`}},
		{polPolicyARN("broken"), result.Unknown, []string{"Action: missing"}},
		{polPolicyARN("old"), result.Pass, nil},
	})
	runRule(t, ServiceWildcard, polSnap(&audit.AuthorizationDetails{}), []ruleWant{{polAcctRes, result.Pass, nil}})
}
