package fakeaws

import "sort"

// Operations lists every operation the fake serves, across its protocols,
// sorted. A test holds it equal to the operations iamaudit calls: the fake
// is a faithful stand-in for what the product uses, and an operation
// nothing calls is code kept up for nobody.
func Operations() []string {
	var out []string
	for op := range iamOps {
		out = append(out, op)
	}
	for op := range stsOps {
		out = append(out, op)
	}
	for _, r := range restRoutes {
		out = append(out, r.action)
	}
	for op := range orgOps {
		out = append(out, op)
	}
	sort.Strings(out)
	return out
}
