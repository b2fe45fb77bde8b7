// RUN: %check_trailguard %s --infer-sensitive-names -- -std=c++17
// A variable named like a password but initialized from a call whose name
// says hash (ZNC's `CString sPass = CUtils::AskSaltedHashPassForConfig()`,
// printed for the config file) holds the hash; one initialized from any
// other call still holds the password.
#include <iostream>
#include <string>

std::string AskSaltedHashPassForConfig();
std::string AskPassForConfig();
std::string hashPassword(const std::string &);

void f(const std::string &plain) {
  std::string sPass = AskPassForConfig();
  std::cout << sPass << std::endl;
  // CHECK-MESSAGES: :[[@LINE-1]]:16: warning: sensitive value reaches log sink 'std::cout' [trailguard-tier-leak]
  std::string password(plain);
  std::cout << password << std::endl;
  // CHECK-MESSAGES: :[[@LINE-1]]:16: warning: sensitive value reaches log sink 'std::cout' [trailguard-tier-leak]

  std::string sHashPass = AskSaltedHashPassForConfig();
  std::cout << sHashPass << std::endl;
  std::string sSaltedPass = AskSaltedHashPassForConfig();
  std::cout << sSaltedPass << std::endl;
  const std::string pass = hashPassword(plain);
  std::cout << pass << std::endl;
}
