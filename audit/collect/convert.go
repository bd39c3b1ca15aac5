package collect

import (
	"net/url"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/iam/types"
	"github.com/iamaudit/iamaudit/audit"
)

// decodePolicyDocument returns the JSON text of a policy document as IAM
// sends it. IAM URL-encodes documents per RFC 3986, where '+' is a literal
// plus (url.QueryUnescape would turn it into a space and corrupt e.g.
// "arn:aws:iam::*:user/a+b"), so PathUnescape is the right inverse. Some
// emulators send raw JSON, recognised by its leading '{'. Text that decodes
// to nothing sensible is kept as is so the rule that parses it can report it.
func decodePolicyDocument(doc string) string {
	if strings.HasPrefix(strings.TrimSpace(doc), "{") {
		return doc
	}
	dec, err := url.PathUnescape(doc)
	if err != nil {
		return doc
	}
	return dec
}

func timeOf(t *time.Time) time.Time {
	if t == nil {
		return time.Time{}
	}
	return t.UTC()
}

func timePtr(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	u := t.UTC()
	return &u
}

func attached(in []types.AttachedPolicy) []audit.AttachedPolicy {
	if len(in) == 0 {
		return nil
	}
	out := make([]audit.AttachedPolicy, 0, len(in))
	for _, p := range in {
		out = append(out, audit.AttachedPolicy{Name: aws.ToString(p.PolicyName), ARN: aws.ToString(p.PolicyArn)})
	}
	return out
}

func inline(in []types.PolicyDetail) []audit.InlinePolicy {
	if len(in) == 0 {
		return nil
	}
	out := make([]audit.InlinePolicy, 0, len(in))
	for _, p := range in {
		out = append(out, audit.InlinePolicy{Name: aws.ToString(p.PolicyName), Document: decodePolicyDocument(aws.ToString(p.PolicyDocument))})
	}
	return out
}

func tags(in []types.Tag) map[string]string {
	if len(in) == 0 {
		return nil
	}
	out := make(map[string]string, len(in))
	for _, t := range in {
		out[aws.ToString(t.Key)] = aws.ToString(t.Value)
	}
	return out
}

func boundary(b *types.AttachedPermissionsBoundary) string {
	if b == nil {
		return ""
	}
	return aws.ToString(b.PermissionsBoundaryArn)
}

func convertUser(u types.UserDetail) audit.User {
	return audit.User{
		Name:                aws.ToString(u.UserName),
		ARN:                 aws.ToString(u.Arn),
		ID:                  aws.ToString(u.UserId),
		Path:                aws.ToString(u.Path),
		CreateDate:          timeOf(u.CreateDate),
		Groups:              append([]string(nil), u.GroupList...),
		AttachedPolicies:    attached(u.AttachedManagedPolicies),
		InlinePolicies:      inline(u.UserPolicyList),
		PermissionsBoundary: boundary(u.PermissionsBoundary),
		Tags:                tags(u.Tags),
	}
}

func convertGroup(g types.GroupDetail) audit.Group {
	return audit.Group{
		Name:             aws.ToString(g.GroupName),
		ARN:              aws.ToString(g.Arn),
		ID:               aws.ToString(g.GroupId),
		Path:             aws.ToString(g.Path),
		CreateDate:       timeOf(g.CreateDate),
		AttachedPolicies: attached(g.AttachedManagedPolicies),
		InlinePolicies:   inline(g.GroupPolicyList),
	}
}

func convertRole(r types.RoleDetail) audit.Role {
	out := audit.Role{
		Name:                aws.ToString(r.RoleName),
		ARN:                 aws.ToString(r.Arn),
		ID:                  aws.ToString(r.RoleId),
		Path:                aws.ToString(r.Path),
		CreateDate:          timeOf(r.CreateDate),
		AssumeRolePolicy:    decodePolicyDocument(aws.ToString(r.AssumeRolePolicyDocument)),
		AttachedPolicies:    attached(r.AttachedManagedPolicies),
		InlinePolicies:      inline(r.RolePolicyList),
		PermissionsBoundary: boundary(r.PermissionsBoundary),
		Tags:                tags(r.Tags),
		InstanceProfiles:    instanceProfiles(r),
	}
	if r.RoleLastUsed != nil {
		out.LastUsedDate = timePtr(r.RoleLastUsed.LastUsedDate)
		out.LastUsedRegion = aws.ToString(r.RoleLastUsed.Region)
	}
	return out
}

// instanceProfiles converts the role's InstanceProfileList: nil when the
// response had no such list (not collected), else the profiles that hold
// the role. A profile whose Roles name other roles but not this one is
// dropped: IAM lists only the profiles containing the role, but an
// emulator may list every profile of the account under each role.
func instanceProfiles(r types.RoleDetail) *[]audit.InstanceProfile {
	if r.InstanceProfileList == nil {
		return nil
	}
	out := []audit.InstanceProfile{}
	for _, p := range r.InstanceProfileList {
		if !holdsRole(p.Roles, r) {
			continue
		}
		out = append(out, audit.InstanceProfile{
			Name: aws.ToString(p.InstanceProfileName),
			ARN:  aws.ToString(p.Arn),
			Path: aws.ToString(p.Path),
		})
	}
	return &out
}

// holdsRole reports whether a profile's Roles include role r; an empty list
// takes the RoleDetail's word that the profile contains it.
func holdsRole(roles []types.Role, r types.RoleDetail) bool {
	if len(roles) == 0 {
		return true
	}
	for _, x := range roles {
		if arn := aws.ToString(x.Arn); arn != "" && arn == aws.ToString(r.Arn) {
			return true
		}
		if aws.ToString(x.Arn) == "" && aws.ToString(x.RoleName) == aws.ToString(r.RoleName) {
			return true
		}
	}
	return false
}

func convertVersions(in []types.PolicyVersion) []audit.PolicyVersion {
	out := make([]audit.PolicyVersion, 0, len(in))
	for _, v := range in {
		out = append(out, audit.PolicyVersion{
			VersionID:  aws.ToString(v.VersionId),
			IsDefault:  v.IsDefaultVersion,
			CreateDate: timeOf(v.CreateDate),
			Document:   decodePolicyDocument(aws.ToString(v.Document)),
		})
	}
	return out
}

func convertLocalPolicy(p types.ManagedPolicyDetail, awsManaged bool) audit.ManagedPolicy {
	return audit.ManagedPolicy{
		Name:             aws.ToString(p.PolicyName),
		ARN:              aws.ToString(p.Arn),
		ID:               aws.ToString(p.PolicyId),
		Path:             aws.ToString(p.Path),
		AWSManaged:       awsManaged,
		DefaultVersionID: aws.ToString(p.DefaultVersionId),
		AttachmentCount:  int(aws.ToInt32(p.AttachmentCount)),
		IsAttachable:     p.IsAttachable,
		CreateDate:       timeOf(p.CreateDate),
		UpdateDate:       timeOf(p.UpdateDate),
		Versions:         convertVersions(p.PolicyVersionList),
	}
}

// convertAWSManaged builds an AWS-managed policy from GetPolicy and the
// default version from GetPolicyVersion: only the version in force is
// fetched, since no other version of an AWS policy can grant anything.
func convertAWSManaged(p *types.Policy, v *types.PolicyVersion) audit.ManagedPolicy {
	out := audit.ManagedPolicy{
		Name:             aws.ToString(p.PolicyName),
		ARN:              aws.ToString(p.Arn),
		ID:               aws.ToString(p.PolicyId),
		Path:             aws.ToString(p.Path),
		AWSManaged:       true,
		DefaultVersionID: aws.ToString(p.DefaultVersionId),
		AttachmentCount:  int(aws.ToInt32(p.AttachmentCount)),
		IsAttachable:     p.IsAttachable,
		CreateDate:       timeOf(p.CreateDate),
		UpdateDate:       timeOf(p.UpdateDate),
		Versions:         []audit.PolicyVersion{},
	}
	if v != nil {
		out.Versions = convertVersions([]types.PolicyVersion{*v})
		// GetPolicyVersion on the default version id is the default, even
		// if an emulator leaves IsDefaultVersion unset.
		out.Versions[0].IsDefault = true
	}
	return out
}

func convertPasswordPolicy(out *iam.GetAccountPasswordPolicyOutput) *audit.PasswordPolicy {
	p := out.PasswordPolicy
	if p == nil {
		return &audit.PasswordPolicy{Present: false}
	}
	return &audit.PasswordPolicy{
		Present:                    true,
		MinimumPasswordLength:      int(aws.ToInt32(p.MinimumPasswordLength)),
		RequireSymbols:             p.RequireSymbols,
		RequireNumbers:             p.RequireNumbers,
		RequireUppercaseCharacters: p.RequireUppercaseCharacters,
		RequireLowercaseCharacters: p.RequireLowercaseCharacters,
		AllowUsersToChangePassword: p.AllowUsersToChangePassword,
		ExpirePasswords:            p.ExpirePasswords,
		MaxPasswordAge:             int(aws.ToInt32(p.MaxPasswordAge)),
		PasswordReusePrevention:    int(aws.ToInt32(p.PasswordReusePrevention)),
		HardExpiry:                 aws.ToBool(p.HardExpiry),
	}
}

func convertVirtualMFA(d types.VirtualMFADevice) audit.VirtualMFADevice {
	// Base32StringSeed and QRCodePNG are secrets and deliberately dropped.
	out := audit.VirtualMFADevice{
		SerialNumber: aws.ToString(d.SerialNumber),
		EnableDate:   timePtr(d.EnableDate),
	}
	if d.User != nil {
		out.UserARN = aws.ToString(d.User.Arn)
		out.UserName = aws.ToString(d.User.UserName)
	}
	return out
}

func convertServerCert(c types.ServerCertificateMetadata) audit.ServerCertificate {
	return audit.ServerCertificate{
		Name:       aws.ToString(c.ServerCertificateName),
		ARN:        aws.ToString(c.Arn),
		ID:         aws.ToString(c.ServerCertificateId),
		Path:       aws.ToString(c.Path),
		UploadDate: timeOf(c.UploadDate),
		Expiration: timeOf(c.Expiration),
	}
}

// partitionOf returns the partition field of an ARN ("aws", "aws-cn", ...).
func partitionOf(arn string) string {
	parts := strings.SplitN(arn, ":", 3)
	if len(parts) < 3 || parts[0] != "arn" {
		return ""
	}
	return parts[1]
}

// isAWSManagedARN reports whether arn names an AWS-managed policy, whose
// account field is the literal "aws" in every partition.
func isAWSManagedARN(arn, partition string) bool {
	return strings.HasPrefix(arn, "arn:"+partition+":iam::aws:policy/")
}
