package result

// The administrator inventory: every principal of an account that is, can
// become, or may be admin, with how and how well it is protected. It is
// what an access review asks first; reports render it next to the findings
// (which IAM-ADMIN-ESCALATION-PATH and IAM-ADMIN-UNPROTECTED judge), and
// 'iamaudit admins' prints it alone. Both read the same values.

// The inventory statuses of a principal.
const (
	// AdminIs: its policies allow every action on every resource.
	AdminIs = "admin"
	// AdminCanBecome: a path of steps its policies allow certainly leads
	// to admin (Hops steps).
	AdminCanBecome = "can become admin"
	// AdminMaybe: a condition, a resource or a document the evidence does
	// not settle may make it admin; Unknown says what.
	AdminMaybe = "may be admin"
)

// AdminInventory is one account's administrator inventory.
type AdminInventory struct {
	AccountID   string `json:"account_id"`
	AccountName string `json:"account_name,omitempty"`
	// Unknown, when set, says why the account could not be assessed (the
	// authorization details were not collected, the account was not
	// audited): Principals is then empty and means nothing. With Unknown
	// empty, an empty Principals means no principal is or can become admin.
	Unknown    string       `json:"unknown,omitempty"`
	Principals []AdminEntry `json:"principals"`
}

// AdminEntry is one principal of the inventory.
type AdminEntry struct {
	// Kind is "root", "user" or "role".
	Kind string `json:"kind"`
	Name string `json:"name"`
	ARN  string `json:"arn"`
	// Status is AdminIs, AdminCanBecome or AdminMaybe.
	Status string `json:"status"`
	// Hops is the number of steps of the shortest certain path: 0 for an
	// admin, -1 when no certain path is known (AdminMaybe).
	Hops int `json:"hops"`
	// Path says how, in one sentence: the granting statements of an admin,
	// or the shortest path hop by hop (as IAM-ADMIN-ESCALATION-PATH says).
	Path string `json:"path"`
	// GrantedBy quotes the statements that allow an admin everything.
	GrantedBy []string `json:"granted_by,omitempty"`
	// Steps is the shortest path of a principal that can become admin.
	Steps []AdminStep `json:"steps,omitempty"`
	// OtherPaths counts its other first steps that lead to admin;
	// OtherPathsAtLeast is set when the search stopped counting.
	OtherPaths        int  `json:"other_paths,omitempty"`
	OtherPathsAtLeast bool `json:"other_paths_at_least,omitempty"`
	// Caveat is what could still stop the path (a service control policy
	// in a member account), "" when nothing the evidence cannot see could.
	Caveat string `json:"caveat,omitempty"`
	// Protection is IAM-ADMIN-UNPROTECTED's verdict on a user or role, with
	// its reason (MFA, key age, dormancy, unpinned trust); for root, that
	// of the root credential rules (MFA, no access key or certificate).
	Protection       Status `json:"protection"`
	ProtectionReason string `json:"protection_reason"`
	// Unknown says what the evidence does not settle (why a principal may
	// be admin), "" when nothing.
	Unknown string `json:"unknown,omitempty"`
}

// AdminStep is one hop of a path to admin.
type AdminStep struct {
	// From acts; To is the principal it then acts as, by ARN, or "" when
	// the step makes From admin itself (a policy written onto itself).
	From string `json:"from"`
	To   string `json:"to,omitempty"`
	// Action says what From does ("assume the role", "attach a policy to
	// itself"...); CatalogID names the path kind in the pathfinding.cloud
	// catalog, "" where the catalog has none.
	Action    string `json:"action"`
	CatalogID string `json:"catalog_id,omitempty"`
	// GrantedBy quotes the statements that allow the step.
	GrantedBy []string `json:"granted_by"`
	// NeedsMFA: the step works only in an MFA session.
	NeedsMFA bool `json:"needs_mfa,omitempty"`
}

// AdminCounts summarises inventories: principals that are admin, that can
// become admin, that may be, and those of them not protected (protection
// FAIL) or not judged (protection UNKNOWN); Unassessed counts the
// inventories that could not be made.
type AdminCounts struct {
	Admin, CanBecome, Maybe int
	Unprotected, Unjudged   int
	Unassessed              int
}

// CountAdmins sums inventories.
func CountAdmins(invs []AdminInventory) AdminCounts {
	var c AdminCounts
	for _, inv := range invs {
		if inv.Unknown != "" {
			c.Unassessed++
		}
		for _, e := range inv.Principals {
			switch e.Status {
			case AdminIs:
				c.Admin++
			case AdminCanBecome:
				c.CanBecome++
			default:
				c.Maybe++
			}
			switch e.Protection {
			case Fail:
				c.Unprotected++
			case Pass:
			default:
				c.Unjudged++
			}
		}
	}
	return c
}
