/// Who may move a waiting hand-off to another rep: admins, any to any active rep; a sales
/// team lead, within their team, so a lead can balance their reps' queues without an admin.
extension User {
    /// The team whose hand-offs this person moves, when they lead one.
    public var ledTeam: String? {
        guard role == .sales, teamLead, !disabled, let team, !team.isEmpty else { return nil }
        return team
    }

    /// Whether this person moves hand-offs at all (the reassign forms are shown to them).
    public var reassignsHandOffs: Bool { role.can(.manageRouting) || ledTeam != nil }

    /// The reps this person may give a hand-off to, among `users`.
    public func reassignableReps(among users: [User]) -> [User] {
        let active = users.filter { $0.role == .sales && !$0.disabled }
        if role.can(.manageRouting) { return active }
        guard let ledTeam else { return [] }
        return active.filter { $0.team == ledTeam }
    }

    /// Whether this person may move the waiting hand-offs held by `owner` (`nil`: nobody yet).
    public func mayMoveHandOffs(of owner: User?) -> Bool {
        if role.can(.manageRouting) { return true }
        guard let ledTeam, let owner else { return false }
        return owner.role == .sales && owner.team == ledTeam
    }
}
