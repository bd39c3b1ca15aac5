package fakeaws

import "time"

// day parses a built-in RFC 3339 date; a typo yields the zero time, which
// TestBuiltinAWSManagedPolicies rejects.
func day(s string) time.Time {
	t, _ := time.Parse(time.RFC3339, s)
	return t
}

// BuiltinAWSManagedPolicies returns the AWS-managed policies the fake knows
// without being told, with their real default documents. Only the default
// version is included (non-default versions of AWS-managed policies are
// never in force). Each call returns fresh copies.
func BuiltinAWSManagedPolicies() []ManagedPolicy {
	return []ManagedPolicy{
		{
			Name: "AdministratorAccess", ID: "ANPAIWMBCKSKIEE64ZLYK",
			Description: "Provides full access to AWS services and resources.",
			CreateDate:  day("2015-02-06T18:39:46Z"), DefaultVersion: "v1",
			Versions: []PolicyVersion{{ID: "v1", CreateDate: day("2015-02-06T18:39:46Z"), Document: `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": "*",
      "Resource": "*"
    }
  ]
}`}},
		},
		{
			Name:        "AWSSupportAccess",
			Description: "Allows users to access the AWS Support Center.",
			CreateDate:  day("2015-02-06T18:41:11Z"), DefaultVersion: "v3",
			Versions: []PolicyVersion{{ID: "v3", CreateDate: day("2026-02-11T22:17:43Z"), Document: `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Action": [
        "support:*",
        "support-console:*"
      ],
      "Resource": "*",
      "Effect": "Allow"
    }
  ]
}`}},
		},
		{
			Name:        "AWSCloudShellFullAccess",
			Description: "Grants full access to AWS CloudShell",
			CreateDate:  day("2020-12-15T18:07:44Z"), DefaultVersion: "v1",
			Versions: []PolicyVersion{{ID: "v1", CreateDate: day("2020-12-15T18:07:44Z"), Document: `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Action": [
        "cloudshell:*"
      ],
      "Effect": "Allow",
      "Resource": "*"
    }
  ]
}`}},
		},
		{
			Name:        "IAMFullAccess",
			Description: "Provides full access to IAM via the AWS Management Console.",
			CreateDate:  day("2015-02-06T18:40:38Z"), DefaultVersion: "v2",
			Versions: []PolicyVersion{{ID: "v2", CreateDate: day("2019-06-21T19:40:00Z"), Document: `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": [
        "iam:*",
        "organizations:DescribeAccount",
        "organizations:DescribeOrganization",
        "organizations:DescribeOrganizationalUnit",
        "organizations:DescribePolicy",
        "organizations:ListChildren",
        "organizations:ListParents",
        "organizations:ListPoliciesForTarget",
        "organizations:ListRoots",
        "organizations:ListPolicies",
        "organizations:ListTargetsForPolicy"
      ],
      "Resource": "*"
    }
  ]
}`}},
		},
		{
			Name:        "PowerUserAccess",
			Description: "Provides full access to AWS services and resources, but does not allow management of Users and groups.",
			CreateDate:  day("2015-02-06T18:39:47Z"), DefaultVersion: "v12",
			Versions: []PolicyVersion{{ID: "v12", CreateDate: day("2026-02-12T17:59:14Z"), Document: `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "NotAction": [
        "iam:*",
        "organizations:*",
        "account:*"
      ],
      "Resource": "*",
      "Effect": "Allow"
    },
    {
      "Action": [
        "account:GetAccountInformation",
        "account:GetGovCloudAccountInformation",
        "account:GetPrimaryEmail",
        "account:ListRegions",
        "iam:CreateServiceLinkedRole",
        "iam:DeleteServiceLinkedRole",
        "iam:ListRoles",
        "organizations:DescribeEffectivePolicy",
        "organizations:DescribeOrganization"
      ],
      "Resource": "*",
      "Effect": "Allow"
    }
  ]
}`}},
		},
		{
			Name:        "ReadOnlyAccess",
			Description: "Provides read-only access to AWS services and resources.",
			CreateDate:  day("2015-02-06T18:39:48Z"), DefaultVersion: "v87",
			Versions: []PolicyVersion{{ID: "v87", CreateDate: day("2022-05-23T20:16:18Z"), Document: readOnlyAccessDocument}},
		},
	}
}

// readOnlyAccessDocument is ReadOnlyAccess v87 ABRIDGED: the real document
// lists about 1,900 actions (70 kB); this keeps its shape (one Allow
// statement of read-only actions on "*", no service-wide wildcard) with a
// sample of its real entries, which is all a rule can tell apart.
const readOnlyAccessDocument = `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": [
        "a4b:Get*",
        "a4b:List*",
        "a4b:Search*",
        "access-analyzer:GetAccessPreview",
        "access-analyzer:GetAnalyzer",
        "access-analyzer:ListAnalyzers",
        "access-analyzer:ListFindings",
        "acm-pca:Describe*",
        "acm-pca:Get*",
        "acm-pca:List*",
        "acm:Describe*",
        "acm:Get*",
        "acm:List*",
        "apigateway:GET",
        "athena:Batch*",
        "athena:Get*",
        "athena:List*",
        "autoscaling:Describe*",
        "aws-portal:View*",
        "backup:Describe*",
        "backup:Get*",
        "backup:List*",
        "cloudformation:Describe*",
        "cloudformation:Get*",
        "cloudformation:List*",
        "cloudfront:Get*",
        "cloudfront:List*",
        "cloudtrail:Describe*",
        "cloudtrail:Get*",
        "cloudtrail:List*",
        "cloudtrail:LookupEvents",
        "cloudwatch:Describe*",
        "cloudwatch:Get*",
        "cloudwatch:List*",
        "codecommit:BatchGet*",
        "codecommit:Describe*",
        "codecommit:Get*",
        "codecommit:GitPull",
        "codecommit:List*",
        "config:Describe*",
        "config:Get*",
        "config:List*",
        "workmail:Describe*",
        "workmail:Get*",
        "workmail:List*",
        "workmail:Search*",
        "workspaces:Describe*",
        "xray:BatchGet*",
        "xray:Get*"
      ],
      "Resource": "*"
    }
  ]
}`
