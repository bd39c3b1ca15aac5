package rules

// Framework identifiers used in rule controls and on the command line.
const (
	FrameworkCIS14       = "cis-aws-1.4"
	FrameworkCIS15       = "cis-aws-1.5"
	FrameworkCIS30       = "cis-aws-3.0"
	FrameworkCIS40       = "cis-aws-4.0"
	FrameworkCIS50       = "cis-aws-5.0"
	FrameworkCIS60       = "cis-aws-6.0"
	FrameworkSecurityHub = "aws-securityhub"
	FrameworkAWSConfig   = "aws-config"
)
