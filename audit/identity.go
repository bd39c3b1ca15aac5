package audit

import (
	"fmt"
	"slices"
	"time"
)

// Partitions lists the AWS partitions whose ARNs iamaudit builds and compares.
var Partitions = []string{"aws", "aws-cn", "aws-us-gov", "aws-iso", "aws-iso-b", "aws-iso-e", "aws-iso-f", "aws-eusc"}

// KnownPartition reports whether p is one of Partitions.
func KnownPartition(p string) bool {
	return slices.Contains(Partitions, p)
}

// ValidAccountID reports whether id is an AWS account ID: exactly 12 digits.
func ValidAccountID(id string) bool {
	if len(id) != 12 {
		return false
	}
	for i := 0; i < len(id); i++ {
		if id[i] < '0' || id[i] > '9' {
			return false
		}
	}
	return true
}

// IdentityError names the first field of a snapshot's identity that rules
// cannot rely on: the account ID, the partition and the collection time are
// what every ARN a rule builds, and every age it computes, rest on. An empty
// account ID would make "arn:aws:iam:::root" the root user, and a zero
// collection time would make every credential thousands of years fresh.
// It returns nil when the identity is sound.
func (s *Snapshot) IdentityError() error {
	switch {
	case s.Account.ID == "":
		return fmt.Errorf("account.id is empty: the evidence does not say which account it describes")
	case !ValidAccountID(s.Account.ID):
		return fmt.Errorf("account.id %q is not an AWS account ID (12 digits)", clip(s.Account.ID))
	case s.Account.Partition == "":
		return fmt.Errorf("account.partition is empty (want one of %v)", Partitions)
	case !KnownPartition(s.Account.Partition):
		return fmt.Errorf("account.partition %q is not a known AWS partition (want one of %v)", clip(s.Account.Partition), Partitions)
	case s.CollectedAt.IsZero():
		return fmt.Errorf("collected_at is missing: the evidence does not say when it was collected")
	case s.CollectedAt.Year() < 2006:
		// IAM did not exist before 2010, AWS before 2006: a collection
		// time that early is a broken clock or a forged file.
		return fmt.Errorf("collected_at %s is before AWS existed", s.CollectedAt.UTC().Format(time.RFC3339))
	}
	return nil
}

// clip keeps error messages about hostile values to one readable line.
func clip(s string) string {
	const max = 100
	if len(s) <= max {
		return s
	}
	return fmt.Sprintf("%s… (%d bytes)", s[:max], len(s))
}
