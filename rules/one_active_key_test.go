package rules

import (
	"testing"

	"github.com/iamaudit/iamaudit/audit"
	"github.com/iamaudit/iamaudit/result"
)

func TestOneActiveKey(t *testing.T) {
	two := credUser("two")
	two.AccessKeys[0] = credKey(true, credDaysAgo(10), credDaysAgo(1))
	two.AccessKeys[1] = credKey(true, credDaysAgo(5), credNA)
	one := credUser("one")
	one.AccessKeys[0] = credKey(false, credDaysAgo(100), credDaysAgo(50))
	one.AccessKeys[1] = credKey(true, credDaysAgo(5), credNA)
	unknown := credUser("unknown")
	unknown.AccessKeys[0] = credKey(true, credDaysAgo(10), credNA)
	unknown.AccessKeys[1] = audit.AccessKeyStatus{Active: credBoolNoInfo}
	rootTwo := credRoot(true)
	rootTwo.AccessKeys[0] = credKey(true, credDaysAgo(1), credNA)
	rootTwo.AccessKeys[1] = credKey(true, credDaysAgo(1), credNA)
	runRule(t, OneActiveKey, credSnap(rootTwo, credUser("none"), one, two, unknown), []ruleWant{
		{credUserARN("none"), result.Pass, []string{"no active access keys"}},
		{credUserARN("one"), result.Pass, []string{"one active access key: access key 2"}},
		{credUserARN("two"), result.Fail, []string{"two active access keys", "access key 1", "access key 2"}},
		{credUserARN("unknown"), result.Unknown, []string{"access key 2 active is no_information"}},
	})
	runRule(t, OneActiveKey, credMissingReport(), credMissingReportWant)
}
