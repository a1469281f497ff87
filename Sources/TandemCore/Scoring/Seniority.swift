/// How senior a job title is, read from its words: fit rules score `seniority in
/// ["executive", "vp"]` without listing every way people write their titles.
public enum Seniority: String, Sendable, CaseIterable {
    case executive, vp, director, manager, individual

    /// The seniority a title suggests; `nil` without a title.
    public static func of(title: String?) -> Seniority? {
        guard let title, !title.isEmpty else { return nil }
        let words = Set(
            title.lowercased().split(whereSeparator: { !$0.isLetter }).map(String.init))
        let lowered = title.lowercased()
        if !words.isDisjoint(with: ["ceo", "cto", "cfo", "cmo", "coo", "cro", "cio", "chief", "founder", "cofounder", "owner", "president"]
        ),
            !lowered.contains("vice president")
        {
            return .executive
        }
        if words.contains("vp") || words.contains("svp") || words.contains("evp") || lowered.contains("vice president") { return .vp }
        if words.contains("director") || lowered.contains("head of") { return .director }
        if words.contains("manager") || words.contains("lead") || words.contains("principal") { return .manager }
        return .individual
    }
}
