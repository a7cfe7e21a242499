#include "backlog/domains.hpp"

#include <gtest/gtest.h>

#include <set>
#include <string>

namespace backlog {
namespace {

TEST(Domains, HasTheThirtyOneKeysOfTheOriginalSystem) {
  const std::set<std::string> expected = {"oil_gas",
                                          "healthcare",
                                          "finance",
                                          "retail",
                                          "education",
                                          "manufacturing",
                                          "real_estate",
                                          "logistics",
                                          "agriculture",
                                          "technology",
                                          "telecommunications",
                                          "energy",
                                          "transportation",
                                          "hospitality_tourism",
                                          "entertainment_media",
                                          "construction",
                                          "automotive",
                                          "aerospace_defense",
                                          "pharmaceuticals_biotech",
                                          "consumer_goods",
                                          "environmental_services",
                                          "government_public_sector",
                                          "insurance",
                                          "professional_services",
                                          "nonprofit_social_impact",
                                          "mining_natural_resources",
                                          "food_beverage",
                                          "ecommerce",
                                          "sports_fitness",
                                          "workforce_management",
                                          "security_safety"};
  std::set<std::string> keys;
  for (const Domain& domain : Domains()) keys.insert(domain.key);
  EXPECT_EQ(Domains().size(), 31u);
  EXPECT_EQ(keys, expected);
}

TEST(Domains, EveryDomainHasANameADescriptionAndSixToTenGuidanceLines) {
  std::set<std::string> names;
  for (const Domain& domain : Domains()) {
    SCOPED_TRACE(domain.key);
    EXPECT_FALSE(domain.display_name.empty());
    EXPECT_FALSE(domain.description.empty());
    EXPECT_EQ(domain.description.back(), '.');
    EXPECT_GE(domain.guidance.size(), 6u);
    EXPECT_LE(domain.guidance.size(), 10u);
    for (const std::string& line : domain.guidance) EXPECT_FALSE(line.empty());
    names.insert(domain.display_name);
  }
  EXPECT_EQ(names.size(), Domains().size());
}

TEST(Domains, DisplayNamesUseAmpersands) {
  ASSERT_NE(FindDomain("oil_gas"), nullptr);
  EXPECT_EQ(FindDomain("oil_gas")->display_name, "Oil & Gas");
  ASSERT_NE(FindDomain("hospitality_tourism"), nullptr);
  EXPECT_EQ(FindDomain("hospitality_tourism")->display_name, "Hospitality & Tourism");
  EXPECT_EQ(FindDomain("healthcare")->display_name, "Healthcare");
}

TEST(Domains, FindDomainIsExact) {
  EXPECT_EQ(FindDomain("fintech"), nullptr);
  EXPECT_EQ(FindDomain(""), nullptr);
  EXPECT_EQ(FindDomain("Healthcare"), nullptr);
  EXPECT_EQ(FindDomain("security_safety"), &Domains().back());
}

}  // namespace
}  // namespace backlog
