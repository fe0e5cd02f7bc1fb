"""Skills and interests assessment: questions, skills from free text, occupation matching.

- `interests`: the 30 interest questions (RIASEC areas, plain words) and their scoring.
- `skills`: skills and job titles found in what a person writes about past work.
- `occupations`: O*NET 29.3 occupation profiles with our plain titles and flags.
- `match`: ranks occupations for a person's interests, skills and constraints.
- `build_occupations`: regenerates the occupation and title tables from O*NET.
"""
