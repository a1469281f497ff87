import TandemDemo

/// A small demo company with a fixed end date, for storage tests.
enum DemoGeneratorFixture {
    static var small: DemoGenerator {
        var generator = DemoGenerator(seed: 7, until: 1_790_000_000)
        generator.leadCount = 300
        generator.accountCount = 60
        return generator
    }
}
